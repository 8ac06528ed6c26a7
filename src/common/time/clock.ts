import { Global, Injectable, Module } from '@nestjs/common';

/**
 * The application's own sense of "now", for the decisions it takes in code (what a reader sees as closed, which
 * reminders still lie ahead, when a link expires). Injected so that tests can set the time instead of waiting
 * for it. It also stamps when each request was received (received-at.ts), by which submissions meet their
 * deadline; readiness checks that it agrees with the database's clock.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
