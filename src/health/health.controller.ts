import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../common/access/access.decorators';
import { RedisHealthIndicator } from './redis.health';
import { HEALTH_ERRORS } from './health.errors';

@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  /**
   * Liveness: the process answers
   * @remarks Never touches a dependency, so an outage does not restart every replica.
   */
  @Get()
  live() {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Redis answer
   * @remarks A load balancer sends traffic only while this is 200.
   */
  @Get('ready')
  @HealthCheck({ noCache: true })
  async ready(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 2000 }), () => this.redis.check('redis')]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { error: down = {} } = error.getResponse() as HealthCheckResult;
      throw HEALTH_ERRORS.NOT_READY(
        Object.entries(down).map(([field, result]) => ({ field, message: String((result as { message?: string }).message ?? 'down') })),
      );
    }
  }
}
