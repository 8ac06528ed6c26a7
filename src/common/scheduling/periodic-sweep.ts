import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

const PERIODIC_SWEEP = 'periodic-sweep';

/**
 * Work the worker repeats every SWEEP_INTERVAL_MS: relaying the outbox, firing due reminders, closing calls.
 * A sweep decides what to do from PostgreSQL alone, so it is harmless to run twice at once or late.
 */
export interface PeriodicSweep {
  /** Returns how many things it settled, for the logs. */
  sweep(): Promise<number>;
}

/** Registers a provider as a periodic sweep under a stable name (the BullMQ job scheduler's id). */
export const Sweeps = (name: string) => SetMetadata(PERIODIC_SWEEP, name);

/** Finds every sweep at start-up; two sweeps under one name stop the worker from starting. */
@Injectable()
export class PeriodicSweeps implements OnModuleInit {
  private readonly sweeps = new Map<string, PeriodicSweep>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const name = wrapper.metatype ? (Reflect.getMetadata(PERIODIC_SWEEP, wrapper.metatype) as string | undefined) : undefined;
      if (!name || !wrapper.instance) continue;
      if (this.sweeps.has(name)) throw new Error(`Two periodic sweeps are named ${name}`);
      this.sweeps.set(name, wrapper.instance as PeriodicSweep);
    }
  }

  names(): string[] {
    return [...this.sweeps.keys()];
  }

  get(name: string): PeriodicSweep | undefined {
    return this.sweeps.get(name);
  }
}
