import { WallTime, wallTime } from '../common/time/wall-clock';
import { ReportKind } from './report.entity';

/** Final reports are due this many months after the project ends. */
export const FINAL_REPORT_AFTER_MONTHS = 3;

const asUtc = (wall: WallTime) => Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second, wall.millisecond);

/** The instant a wall-clock time stands for in the zone (twice corrected, for a change of offset in between). */
function fromWallTime(wall: WallTime, timezone: string): Date {
  const target = asUtc(wall);
  let instant = target;
  for (let pass = 0; pass < 2; pass++) instant = target - (asUtc(wallTime(new Date(instant), timezone)) - instant);
  return new Date(instant);
}

/**
 * The same wall-clock time `months` calendar months later in the zone: a project starting on 1 August 2027 at
 * midnight in Taipei ends on 1 August 2030 at midnight in Taipei. A day the target month lacks becomes its last.
 */
export function addMonths(instant: Date, months: number, timezone: string): Date {
  const wall = wallTime(instant, timezone);
  const monthIndex = wall.month - 1 + months;
  const year = wall.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return fromWallTime({ ...wall, year, month, day: Math.min(wall.day, lastDay) }, timezone);
}

const addDays = (instant: Date, days: number, timezone: string): Date => {
  const wall = wallTime(instant, timezone);
  const shifted = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + days));
  return fromWallTime({ ...wall, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() }, timezone);
};

export interface AwardCalendar {
  startsAt: Date;
  endsAt: Date;
  reports: { kind: ReportKind; dueAt: Date }[];
}

/**
 * An award's dates, in the call's time zone: it starts at the call's projectStartsAt and ends the proposal's
 * duration later; the interim report is due at half the duration (an odd number of months ends on the 15th day
 * of the middle month), the final report three months after the end.
 */
export function awardCalendar(projectStartsAt: Date, durationMonths: number, timezone: string): AwardCalendar {
  const endsAt = addMonths(projectStartsAt, durationMonths, timezone);
  const half = Math.floor(durationMonths / 2);
  const halfway = addMonths(projectStartsAt, half, timezone);
  const interimDueAt = durationMonths % 2 === 0 ? halfway : addDays(halfway, 15, timezone);
  return {
    startsAt: projectStartsAt,
    endsAt,
    reports: [
      { kind: ReportKind.Interim, dueAt: interimDueAt },
      { kind: ReportKind.Final, dueAt: addMonths(endsAt, FINAL_REPORT_AFTER_MONTHS, timezone) },
    ],
  };
}
