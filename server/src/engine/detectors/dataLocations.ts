// NB202: where the data lives, written into code: cloud storage, databases, and
// URLs handed to data readers. These belong in configuration.
import type { StringLiteral } from '../cellSummary';
import { isPublicDataLocation } from '../knowledge/publicData';
import { isDataReader } from './io';
import { memoByObject } from './memo';

const STORAGE = /^(?:s3a?|s3n|gs|gcs|abfss?|az|adl|wasbs?|hdfs|oss|r2):\/\/\S+|^dbfs:\/\S*/i;
const DATABASE = /^(?:postgres(?:ql)?|mysql|mariadb|mssql|oracle|mongodb(?:\+srv)?|snowflake|redshift|bigquery|clickhouse|redis|rediss|cockroachdb|trino|presto|databricks|sqlserver)(?:\+[a-z0-9_]+)?:\/\/\S+/i;
const HTTP = /^https?:\/\/\S+$/i;
/** Readers that only take data (`pd.read_csv(url)`); `requests.get(url)` may be any web API. */
const GENERIC_FETCH = /^(?:requests\.get|httpx\.get|urllib\.request\.urlopen|urlopen)$/;
/** A URL that names a file of data, not an API endpoint. */
const DATA_FILE = /\.(?:csv|tsv|json|jsonl|parquet|feather|xlsx?|txt|zip|gz|tgz|bz2|xz|tar|npy|npz|h5|hdf5|pkl|arrow|avro|orc)(?:\?|#|$)/i;

/** `uri.removeprefix("gs://b/")`, `path.startswith("s3://raw/")`: text handling, not a location that is read. */
const STRING_HANDLING = /(?:^|\.)(?:startswith|endswith|removeprefix|removesuffix|replace|split|rsplit|strip|lstrip|rstrip|find|index|count)$/;

export type DataLocationKind = 'cloud storage' | 'a database' | 'a remote file';

export const classifyDataLocation = memoByObject(classify);

function classify(literal: StringLiteral): DataLocationKind | undefined {
  const v = literal.value.trim();
  if (v.length > 2000 || /\s/.test(v) || literal.context.compared || STRING_HANDLING.test(literal.context.callee ?? '')) return undefined;
  if (isTemplateOrPlaceholder(v) || isPublicDataLocation(v)) return undefined;
  if (STORAGE.test(v)) return 'cloud storage';
  if (DATABASE.test(v)) return 'a database';
  const callee = literal.context.callee;
  if (HTTP.test(v) && isDataReader(callee) && (!GENERIC_FETCH.test(callee ?? '') || DATA_FILE.test(v))) return 'a remote file';
  return undefined;
}

/**
 * `f"gs://{bucket}/x"` takes its location from a variable, `"gs://{}/{}"` is filled in later,
 * and `gs://[your-bucket]`, `s3://my-bucket`, `<bucket>` are placeholders the reader replaces.
 */
function isTemplateOrPlaceholder(v: string): boolean {
  const m = /^[a-z0-9+.-]+:\/{1,2}([^/?#]*)/i.exec(v);
  const authority = m ? m[1] : '';
  if (authority === '' || /[{<[$]|%s/.test(authority)) return true;
  if (/^[a-z0-9+.-]+:\/\/path\/to(?:\/|$)/i.test(v)) return true; // `s3://path/to/data`
  // `container@storageaccount.blob…`, `data@youraccount.dfs…`: a storage account to fill in.
  if (/@(?:my|your|the)?[-_]?(?:storage)?[-_]?account(?:[-_]?name)?\./i.test(authority)) return true;
  return /^(?:(?:my|your|the|some|example|sample|test)[-_]?(?:bucket|container|storage|account|s3|gcs)(?:[-_]?name)?|bucket(?:[-_][\w-]*)?|example|your[-_].*|my[-_]bucket[-_].*|example[-_].*)(?:@|$)/i.test(authority);
}
