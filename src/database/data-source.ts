import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/environment';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI: `npm run migration:generate -- migrations/Name`, `npm run migration:run`. */
export default new DataSource(dataSourceOptions(validateEnvironment(process.env).DATABASE_URL));
