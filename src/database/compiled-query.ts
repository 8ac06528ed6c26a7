import { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { RawSqlResultsToEntityTransformer } from 'typeorm/query-builder/transformer/RawSqlResultsToEntityTransformer.js';
import type { QueryExpressionMap } from 'typeorm/query-builder/QueryExpressionMap.js';
import { prepared } from './prepared';

interface Compiled {
  sql: string;
  /** The named parameters in the order of the SQL's $1, $2, ... */
  parameters: string[];
  expressionMap: QueryExpressionMap;
}

/** Marks a named parameter while compiling, to learn which $n it became. */
const SENTINEL = '\u0000compiled-query-parameter:';

/**
 * A TypeORM select with joins, built once and run many times as a prepared statement. Building one (aliases,
 * metadata walks, escaping, the select list of every joined entity) costs more CPU than PostgreSQL takes to run
 * it, and so does planning it; its SQL is the same whatever the parameters. The rows become entities through TypeORM's own transformer, as getMany() would make
 * them. The builder names its parameters with placeholder values (`.where('p.id = :id', { id: null })`); only scalar
 * ones (`:id`, not `:...ids`); no skip/take (TypeORM pages joined queries in two).
 */
export class CompiledQuery<E extends ObjectLiteral> {
  private compiled: Compiled | null = null;

  constructor(private readonly build: (manager: EntityManager) => SelectQueryBuilder<E>) {}

  async getMany(manager: EntityManager, parameters: Record<string, unknown>): Promise<E[]> {
    const { sql, parameters: order, expressionMap } = (this.compiled ??= this.compile(manager));
    const { rows } = await prepared(
      manager,
      sql,
      order.map((name) => parameters[name]),
    );
    if (rows.length === 0) return [];
    const transformer = new RawSqlResultsToEntityTransformer(expressionMap, manager.connection.driver, [], manager.queryRunner);
    return transformer.transform(rows, expressionMap.mainAlias!) as E[];
  }

  async getOne(manager: EntityManager, parameters: Record<string, unknown>): Promise<E | null> {
    return (await this.getMany(manager, parameters))[0] ?? null;
  }

  private compile(manager: EntityManager): Compiled {
    const builder = this.build(manager);
    const { expressionMap } = builder;
    if (expressionMap.skip || expressionMap.take) throw new Error('CompiledQuery runs no paged query (skip/take)');
    if (expressionMap.relationIdAttributes.length > 0) throw new Error('CompiledQuery loads no relation ids');
    const names = Object.keys(builder.getParameters());
    builder.setParameters(Object.fromEntries(names.map((name) => [name, `${SENTINEL}${name}`])));
    const [sql, values] = builder.getQueryAndParameters();
    const parameters = values.map((value) => {
      if (typeof value !== 'string' || !value.startsWith(SENTINEL)) throw new Error(`CompiledQuery: unexpected parameter ${String(value)}`);
      return value.slice(SENTINEL.length);
    });
    return { sql, parameters, expressionMap };
  }
}
