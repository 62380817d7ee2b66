// NB202: where the data lives, written into code: cloud storage, databases, and
// URLs handed to data readers. These belong in configuration.
import type { StringLiteral } from '../cellSummary';
import { isDataReader } from './io';
import { memoByObject } from './memo';

const STORAGE = /^(?:s3a?|s3n|gs|gcs|abfss?|az|adl|wasbs?|hdfs|oss|r2):\/\/\S+|^dbfs:\/\S*/i;
const DATABASE = /^(?:postgres(?:ql)?|mysql|mariadb|mssql|oracle|mongodb(?:\+srv)?|snowflake|redshift|bigquery|clickhouse|redis|rediss|cockroachdb|trino|presto|databricks|sqlserver)(?:\+[a-z0-9_]+)?:\/\/\S+/i;
const HTTP = /^https?:\/\/\S+$/i;

export type DataLocationKind = 'cloud storage' | 'a database' | 'a remote file';

export const classifyDataLocation = memoByObject(classify);

function classify(literal: StringLiteral): DataLocationKind | undefined {
  const v = literal.value.trim();
  if (v.length > 2000 || /\s/.test(v)) return undefined;
  // `f"gs://{bucket}/x"` already takes its location from a variable; `gs://[your-bucket]` is a placeholder.
  if (/^[a-z0-9+.-]+:\/{1,2}(?:\{…\}|\[|<|your[-_])/i.test(v)) return undefined;
  if (STORAGE.test(v)) return 'cloud storage';
  if (DATABASE.test(v)) return 'a database';
  if (HTTP.test(v) && isDataReader(literal.context.callee)) return 'a remote file';
  return undefined;
}
