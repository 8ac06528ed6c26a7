import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Clock } from '../common/time/clock';

/** The most this replica's clock may differ from the database's and still take requests. */
export const MAX_CLOCK_SKEW_MS = 1000;

/**
 * This replica's clock agrees with the database's within {@link MAX_CLOCK_SKEW_MS}. Submissions count by when the
 * API received them, by the API's own clock (see stampReceivedAt), and the database checks the stamp against the
 * deadline: a replica whose clock is off would accept late submissions or refuse timely ones, so it is not ready.
 * The database's instant is compared with the middle of the round trip; its half is the uncertainty, in the
 * replica's favour.
 */
@Injectable()
export class ClockHealthIndicator {
  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string) {
    const indicator = this.indicators.check(key);
    try {
      const before = this.clock.now().getTime();
      const [{ ms }] = await this.dataSource.query<{ ms: string }[]>('SELECT extract(epoch FROM clock_timestamp()) * 1000 AS ms');
      const after = this.clock.now().getTime();
      // Positive: this replica is ahead of the database.
      const skewMs = Math.round((before + after) / 2 - Number(ms));
      const uncertaintyMs = Math.ceil((after - before) / 2);
      const details = { skewMs, uncertaintyMs, maxSkewMs: MAX_CLOCK_SKEW_MS };
      return Math.abs(skewMs) - uncertaintyMs > MAX_CLOCK_SKEW_MS
        ? indicator.down({
            ...details,
            message: `this replica's clock is ${Math.abs(skewMs)} ms ${skewMs > 0 ? 'ahead of' : 'behind'} the database's`,
          })
        : indicator.up(details);
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }
}
