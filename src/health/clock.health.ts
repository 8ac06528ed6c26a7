import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';

/** Furthest this replica's clock may be from the database's (DESIGN.md: deadlines are judged by the API's clock). */
export const MAX_CLOCK_OFFSET_MS = 1_000;

/**
 * This replica's clock agrees with the database's within a second: a submission is judged by when the API read it,
 * so a replica whose clock is off would take late submissions or refuse timely ones. It takes no traffic then.
 */
@Injectable()
export class ClockHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    const before = Date.now();
    const rows = await this.dataSource.query<{ now: Date }[]>('SELECT clock_timestamp() AS now').catch(() => undefined);
    // The database check says why it did not answer; the clock cannot be compared then.
    if (!rows) return indicator.up({ offsetMs: null });
    const offsetMs = Math.round(new Date(rows[0].now).getTime() - (before + Date.now()) / 2);
    return Math.abs(offsetMs) <= MAX_CLOCK_OFFSET_MS
      ? indicator.up({ offsetMs })
      : indicator.down({ offsetMs, message: `this replica's clock is ${offsetMs} ms off the database's; deadlines would be judged wrong` });
  }
}
