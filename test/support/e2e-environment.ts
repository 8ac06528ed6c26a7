import { TestEnvironment } from 'jest-environment-node';

/**
 * Node's environment, plus the warnings of pg about a query sent on a client that is still running one
 * (Promise.all inside a transaction, whose queries share one connection): pg 8 queues it and warns, pg 9 will refuse
 * it. The real process emits the warning, which a test file's sandboxed `process` does not see, so the environment
 * collects them for `one-query-at-a-time.ts` to fail the file.
 */
export default class E2eEnvironment extends TestEnvironment {
  private readonly concurrentQueries: string[] = [];
  private readonly onWarning = (warning: Error) => {
    if (warning.message.includes('already executing a query')) this.concurrentQueries.push(warning.stack ?? warning.message);
  };

  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    this.global.__concurrentQueries = this.concurrentQueries;
    process.on('warning', this.onWarning);
  }

  override async teardown(): Promise<void> {
    process.off('warning', this.onWarning);
    await super.teardown();
  }
}
