import { randomBytes, randomInt } from 'node:crypto';
import type { OtpMethod, TestUser, TestUserSeed } from './types.ts';

export type Field = 'email' | 'phone';

export interface StoredUser extends TestUser {
  loginIds: string[];
  email?: string;
  phone?: string;
  name?: string;
  verifiedEmail: boolean;
  verifiedPhone: boolean;
  roleNames: string[];
  customAttributes: Record<string, unknown>;
  userTenants: unknown[];
  seen: boolean;
}

/** A user to create: a seed, or a test user from the Management API with its extra fields. */
export interface NewUser extends TestUserSeed {
  test?: boolean;
  verifiedEmail?: boolean;
  verifiedPhone?: boolean;
  roleNames?: string[];
  customAttributes?: Record<string, unknown>;
  userTenants?: unknown[];
}

export interface PendingUpdate {
  field: Field;
  value: string;
  addToLoginIds: boolean;
}

export interface CodeRecord {
  code: string;
  method: OtpMethod;
  destination: string;
  sentAt: number;
  /** Wrong guesses so far; the code is locked once they reach the server's `maxAttempts`. */
  attempts: number;
  used: boolean;
  userId: string;
  customClaims?: Record<string, unknown>;
  update?: PendingUpdate;
}

export type NewCode = Omit<CodeRecord, 'code' | 'sentAt' | 'attempts' | 'used'>;

const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

const newUserId = (): string => {
  let id = 'U';
  for (const byte of randomBytes(27)) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
};

export const fieldOf = (method: OtpMethod): Field => (method === 'email' ? 'email' : 'phone');

export class Store {
  readonly users = new Map<string, StoredUser>();
  private readonly byLoginId = new Map<string, string>();
  private readonly byAddress = { email: new Map<string, string>(), phone: new Map<string, string>() };
  private readonly codes = new Map<string, CodeRecord>();

  constructor(
    private readonly now: () => number,
    private readonly codeLength: number,
  ) {}

  findByLoginId(loginId: string): StoredUser | undefined {
    const userId = this.byLoginId.get(loginId);
    return userId === undefined ? undefined : this.users.get(userId);
  }

  ownerOf(field: Field, value: string): StoredUser | undefined {
    const userId = this.byAddress[field].get(value) ?? this.byLoginId.get(value);
    return userId === undefined ? undefined : this.users.get(userId);
  }

  createUser(seed: NewUser): StoredUser {
    const user: StoredUser = {
      userId: newUserId(),
      loginIds: [seed.loginId],
      verifiedEmail: seed.verifiedEmail === true && seed.email !== undefined,
      verifiedPhone: seed.verifiedPhone === true && seed.phone !== undefined,
      createdTime: Math.floor(this.now() / 1000),
      test: seed.test === true,
      roleNames: [...(seed.roleNames ?? [])],
      customAttributes: { ...seed.customAttributes },
      userTenants: [...(seed.userTenants ?? [])],
      seen: false,
    };
    if (seed.name !== undefined) user.name = seed.name;
    this.users.set(user.userId, user);
    this.byLoginId.set(seed.loginId, user.userId);
    if (seed.email !== undefined) this.setAddress(user, 'email', seed.email);
    if (seed.phone !== undefined) this.setAddress(user, 'phone', seed.phone);
    return user;
  }

  setAddress(user: StoredUser, field: Field, value: string): void {
    const previous = user[field];
    if (previous !== undefined && this.byAddress[field].get(previous) === user.userId) {
      this.byAddress[field].delete(previous);
    }
    user[field] = value;
    this.byAddress[field].set(value, user.userId);
  }

  applyUpdate(user: StoredUser, update: PendingUpdate): void {
    const other = this.ownerOf(update.field, update.value);
    if (other && other.userId !== user.userId) this.deleteUser(other);
    this.setAddress(user, update.field, update.value);
    this.markVerified(user, update.field, update.value);
    if (update.addToLoginIds && !user.loginIds.includes(update.value)) {
      user.loginIds.push(update.value);
      this.byLoginId.set(update.value, user.userId);
    }
  }

  /** Marks `user`'s `field` verified if it still holds `value`. */
  markVerified(user: StoredUser, field: Field, value: string): void {
    if (user[field] !== value) return;
    if (field === 'email') user.verifiedEmail = true;
    else user.verifiedPhone = true;
  }

  /** Deletes every test user with their codes; answers the IDs of the users deleted. */
  deleteTestUsers(): string[] {
    const deleted = [...this.users.values()].filter((user) => user.test);
    for (const user of deleted) {
      this.deleteUser(user);
      for (const loginId of user.loginIds) {
        if (this.codes.get(loginId)?.userId === user.userId) this.codes.delete(loginId);
      }
    }
    return deleted.map((user) => user.userId);
  }

  deleteUser(user: StoredUser): void {
    this.users.delete(user.userId);
    for (const loginId of user.loginIds) {
      if (this.byLoginId.get(loginId) === user.userId) this.byLoginId.delete(loginId);
    }
    for (const field of ['email', 'phone'] as const) {
      const value = user[field];
      if (value !== undefined && this.byAddress[field].get(value) === user.userId) {
        this.byAddress[field].delete(value);
      }
    }
  }

  issueCode(loginId: string, fields: NewCode): CodeRecord {
    const previous = this.codes.get(loginId)?.code;
    let code: string;
    do {
      code = String(randomInt(0, 10 ** this.codeLength)).padStart(this.codeLength, '0');
    } while (code === previous);
    const record: CodeRecord = { ...fields, code, sentAt: this.now(), attempts: 0, used: false };
    this.codes.set(loginId, record);
    return record;
  }

  code(loginId: string): CodeRecord | undefined {
    return this.codes.get(loginId);
  }
}
