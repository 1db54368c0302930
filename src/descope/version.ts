export const sdkName = 'descope-otp-machine';
export const sdkVersion = '0.1.0';
