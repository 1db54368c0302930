export interface ErrorBody {
  errorCode: string;
  errorDescription: string;
  errorMessage: string;
}

export class ApiError extends Error {
  readonly body: ErrorBody;

  constructor(
    readonly status: number,
    errorCode: string,
    errorDescription: string,
    errorMessage: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(errorMessage);
    this.body = { errorCode, errorDescription, errorMessage };
  }
}

export const rateLimitBody: ErrorBody = {
  errorCode: 'E130429',
  errorDescription: 'https://docs.descope.com/rate-limit',
  errorMessage: 'API rate limit exceeded.',
};

export const malformed = (message = 'Request body is not a JSON object') =>
  new ApiError(400, 'E011001', 'Request is malformed', message);

export const missingArgument = (name: string) =>
  new ApiError(400, 'E011002', 'Missing arguments', `The ${name} argument is missing`);

export const invalidArgument = (name: string) =>
  new ApiError(400, 'E011003', 'Invalid argument', `The ${name} argument is invalid`);

export const unknownProject = () => new ApiError(401, 'E011003', 'Invalid argument', 'Unknown project ID');

export const unauthorized = (message: string) => new ApiError(401, 'E061004', 'Unauthorized', message);

export const notFound = (path: string) => new ApiError(404, 'E011004', 'Not found', `No route for ${path}`);

export const methodNotAllowed = (method: string, allowed: string) =>
  new ApiError(405, 'E011004', 'Method not allowed', `Method ${method} is not allowed`, {
    allow: `${allowed}, OPTIONS`,
  });

export const userExists = () => new ApiError(400, 'E062107', 'User already exists', 'User already exists');

export const userNotFound = () => new ApiError(400, 'E062108', 'User not found', 'User not found');

export const wrongCode = () => new ApiError(401, 'E061102', 'Wrong OTP code', 'Wrong OTP code');

export const tooManyAttempts = () =>
  new ApiError(401, 'E061103', 'Too many OTP attempts', 'Too many OTP attempts, send a new code');

export const codeExpired = () =>
  new ApiError(400, 'E061104', 'Code expired or not found', 'No valid code for this login ID');

export const updateConflict = () =>
  new ApiError(409, 'E062125', 'User update conflict', 'The address already belongs to another user');

export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(429, rateLimitBody.errorCode, rateLimitBody.errorDescription, rateLimitBody.errorMessage, {
    'retry-after': String(retryAfterSeconds),
  });
