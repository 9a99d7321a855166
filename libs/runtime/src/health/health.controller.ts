import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';
import {
  CONSUMER_GROUP_STATUS,
  ConsumerGroupStatus,
  EVENT_PUBLISHER,
  EventPublisher,
} from '@revcycle/messaging';
import { Public } from '@revcycle/security';
import { DataSourceRegistry } from '../database/service-database.module';
import { HealthResponse } from './health.response';

/** Liveness + readiness: every schema's database connection, the event transport and the consumer group. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: DataSourceRegistry,
    @Inject(EVENT_PUBLISHER) private readonly publisher: EventPublisher,
    @Inject(CONSUMER_GROUP_STATUS) private readonly consumers: ConsumerGroupStatus,
  ) {}

  @Get()
  @Public()
  @HealthCheck()
  @ApiOkResponse({ type: HealthResponse, description: 'database and broker ready' })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'a dependency is down' })
  @ApiOperation({ summary: 'Liveness and readiness: databases and broker' })
  check() {
    const checks = [...this.registry.byService].map(
      ([name, ds]) =>
        () =>
          this.database(`database:${name}`, () => ds.query('SELECT 1')),
    );
    checks.push(() => this.broker());
    checks.push(async () => this.consumerGroup());
    return this.health.check(checks);
  }

  /**
   * `consumers: { status: up, message: joining }` from start (and during a rebalance) until the
   * group assigns this instance its partitions, then `assigned`: the HTTP API serves meanwhile, so
   * joining is not down; `stopped` (after shutdown began) is.
   */
  private consumerGroup(): HealthIndicatorResult {
    const indicator = this.indicators.check('consumers');
    const state = this.consumers.state();
    return state === 'stopped' ? indicator.down({ message: state }) : indicator.up({ message: state });
  }

  private async database(key: string, ping: () => Promise<unknown>): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(ping(), 3000);
      return indicator.up();
    } catch (err) {
      return indicator.down({ message: (err as Error).message });
    }
  }

  private async broker(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check('broker');
    return (await withTimeout(this.publisher.isReady(), 5000).catch(() => false))
      ? indicator.up()
      : indicator.down();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    p,
    new Promise<T>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);
}
