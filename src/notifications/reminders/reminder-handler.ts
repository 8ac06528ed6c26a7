import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { EmailRequest } from '../outbox.service';
import { Reminder } from './reminder.entity';

const REMINDER_HANDLER = 'reminder-handler';

/**
 * Decides, at a reminder's time, whether its reason still holds, and if so which e-mails to send. Runs inside the
 * sweep's transaction, so it reads the current state and its e-mails commit with the reminder's new status.
 */
export interface ReminderHandler {
  /** The e-mails to send, or an empty list when the reminder is obsolete. */
  evaluate(reminder: Reminder): Promise<EmailRequest[]>;
}

/** Registers a provider as the handler of some reminder kinds. */
export const HandlesReminder = (...kinds: string[]) => SetMetadata(REMINDER_HANDLER, kinds);

/** Finds every handler at start-up and refuses to start with two handlers for one kind. */
@Injectable()
export class ReminderHandlers implements OnModuleInit {
  private readonly handlers = new Map<string, ReminderHandler>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const kinds = wrapper.metatype ? (Reflect.getMetadata(REMINDER_HANDLER, wrapper.metatype) as string[] | undefined) : undefined;
      if (!kinds || !wrapper.instance) continue;
      for (const kind of kinds) {
        if (this.handlers.has(kind)) throw new Error(`Two handlers for reminder kind ${kind}: ${wrapper.name} and another`);
        this.handlers.set(kind, wrapper.instance as ReminderHandler);
      }
    }
  }

  get(kind: string): ReminderHandler | undefined {
    return this.handlers.get(kind);
  }
}
