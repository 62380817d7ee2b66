// Public sample data that cloud vendors and dataset hosts publish: the same for
// everyone, in every environment, so it is not a data location production would
// configure (NB202). Each entry has an example the tests check it against.

export interface PublicDataLocation {
  /** Matches the location from its scheme on (`gs://cloud-samples-data/…`). */
  pattern: RegExp;
  who: string;
  example: string;
}

/** A Cloud Storage bucket, as `gs://name/…` or `https://storage.googleapis.com/name/…`. */
function gcs(bucket: string): RegExp {
  return new RegExp(`^(?:gs://|https://storage\\.googleapis\\.com/)(?:${bucket})(?:/|$)`, 'i');
}

export const PUBLIC_DATA_LOCATIONS: readonly PublicDataLocation[] = [
  { pattern: gcs('cloud-samples-data(?:-[\\w-]+)?'), who: 'Google Cloud samples', example: 'gs://cloud-samples-data/generative-ai/image/meal.png' },
  { pattern: gcs('cloud-ml-(?:tables-)?data|cloud-ai-platform-[\\w-]+|automl-[\\w-]*demo[\\w-]*|ucaip-test-[\\w-]+'), who: 'Google Cloud ML samples', example: 'gs://cloud-ml-tables-data/bank-marketing.csv' },
  { pattern: gcs('github-repo'), who: 'Google Cloud generative-ai samples', example: 'gs://github-repo/generative-ai/gemini/paris.jpg' },
  // GCS refuses bucket names that start with "goog" or hold "google": those are Google's own (SDK schemas, templates).
  { pattern: gcs('goog[\\w.-]*|[\\w.-]*google[\\w.-]*'), who: 'Google-owned buckets', example: 'gs://google-cloud-aiplatform/schema/dataset/metadata/image_1.0.0.yaml' },
  { pattern: gcs('dataflow-templates(?:-[\\w-]+)?|dataproc-datasets-[\\w-]+|spark-lib|hadoop-lib'), who: 'Dataflow templates, Dataproc samples and connectors', example: 'gs://dataflow-templates/latest/flex/File_Format_Conversion' },
  { pattern: /^(?:gs|s3):\/\/(?:[\w-]+[-_])?public(?:[-_][\w-]+)?(?:\/|$)|^https:\/\/storage\.googleapis\.com\/(?:[\w-]+-)?public(?:-[\w-]+)?\//i, who: 'buckets published as public datasets', example: 'gs://gcp-public-data-landsat/index.csv.gz' },
  { pattern: gcs('vertex-ai(?:-[\\w-]+)?|vertex-(?:model-garden|evaluation-llm-dataset)-[\\w-]+'), who: 'Vertex AI public artifacts', example: 'gs://vertex-model-garden-public-us/llama3/model' },
  { pattern: gcs('tfds-data|tensorflow|download\\.tensorflow\\.org|kaggle-data-sets|bigquery-public-data'), who: 'public dataset mirrors', example: 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate.csv.zip' },
  { pattern: /^s3:\/\/(?:sagemaker-sample-files|sagemaker-example-files-prod-[\w-]+|sagemaker-sample-data-[\w-]+|jumpstart-cache-prod-[\w-]+|aws-ml-blog|amazon-reviews-pds|nyc-tlc|fast-ai-[\w-]+|aws-bigdata-blog|awsglue-datasets)(?:\/|$)/i, who: 'AWS public samples', example: 's3://sagemaker-sample-files/datasets/tabular/uci_abalone/train.csv' },
  { pattern: /^https:\/\/(?:sagemaker-sample-files|sagemaker-example-files-prod-[\w-]+)\.s3[\w.-]*\.amazonaws\.com\//i, who: 'AWS public samples', example: 'https://sagemaker-sample-files.s3.amazonaws.com/datasets/x.csv' },
  { pattern: /^(?:dbfs:)?\/databricks-datasets(?:\/|$)/i, who: 'Databricks sample datasets', example: 'dbfs:/databricks-datasets/nyctaxi/tables' },
  { pattern: azureBlob('azureopendatastorage'), who: 'Azure Open Datasets', example: 'wasbs://nyctlc@azureopendatastorage.blob.core.windows.net/yellow' },
  { pattern: azureBlob('azureopendatastorage'), who: 'Azure Open Datasets', example: 'https://azureopendatastorage.blob.core.windows.net/mnist/train-images-idx3-ubyte.gz' },
  { pattern: azureBlob('azuremlexampledata|azuremlexamples|dprepdata'), who: 'Azure Machine Learning samples', example: 'wasbs://data@azuremlexampledata.blob.core.windows.net/credit-card/credit_card.csv' },
  { pattern: azureBlob('mmlspark'), who: 'SynapseML samples', example: 'wasbs://publicwasb@mmlspark.blob.core.windows.net/AdultCensusIncome.parquet' },
  { pattern: /^https:\/\/raw\.githubusercontent\.com\//i, who: 'files of public GitHub repositories', example: 'https://raw.githubusercontent.com/mistralai/cookbook/main/data/paul_graham_essay.txt' },
  { pattern: /^https:\/\/huggingface\.co\/datasets\/[\w.-]+\/[\w.-]+\//i, who: 'Hugging Face Hub datasets', example: 'https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k/resolve/main/data/test_gen-00000-of-00001.parquet' },
  { pattern: /^s3:\/\/(?:sentinel-cogs|sentinel-s2-l[12]c|landsat-pds|noaa-[\w-]+)(?:\/|$)/i, who: 'the AWS Open Data registry', example: 's3://sentinel-cogs/sentinel-s2-l2a-cogs/' },
  // Not data of anyone's: the path every Databricks workspace keeps its managed tables at.
  { pattern: /^dbfs:\/user\/hive\/warehouse\/?$/i, who: 'the Databricks default Hive warehouse', example: 'dbfs:/user/hive/warehouse' },
];

/** An Azure storage account, as `wasbs://container@account.blob…`, `abfss://container@account.dfs…` or `https://account.blob…`. */
function azureBlob(accounts: string): RegExp {
  return new RegExp(`^(?:(?:wasbs?|abfss?)://[\\w-]+@|https://)(?:${accounts})\\.(?:blob|dfs)\\.core\\.windows\\.net/`, 'i');
}

export function isPublicDataLocation(uri: string): boolean {
  return PUBLIC_DATA_LOCATIONS.some((entry) => entry.pattern.test(uri));
}
