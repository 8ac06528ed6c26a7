import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (64 MiB, 3 passes), the OWASP-recommended class of parameters. */
@Injectable()
export class PasswordService {
  /** Verified against when an e-mail is unknown, so a login takes as long either way. */
  private readonly decoy = argon2.hash('decoy password that never matches', { type: argon2.argon2id });

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | undefined, password: string): Promise<boolean> {
    const matches = await argon2.verify(hash ?? (await this.decoy), password).catch(() => false);
    return hash !== undefined && matches;
  }
}
