// Public sample data that cloud vendors and dataset hosts publish: the same for
// everyone, in every environment, so it is not a data location production would
// configure (NB202). Each entry has an example the tests check it against.

export interface PublicDataLocation {
  /** Matches the location from its scheme on (`gs://cloud-samples-data/…`). */
  pattern: RegExp;
  who: string;
  example: string;
}

export const PUBLIC_DATA_LOCATIONS: readonly PublicDataLocation[] = [
  { pattern: /^(?:gs:\/\/|https:\/\/storage\.googleapis\.com\/)cloud-samples-data(?:\/|$)/i, who: 'Google Cloud samples', example: 'gs://cloud-samples-data/generative-ai/image/meal.png' },
  { pattern: /^(?:gs:\/\/|https:\/\/storage\.googleapis\.com\/)github-repo(?:\/|$)/i, who: 'Google Cloud generative-ai samples', example: 'gs://github-repo/generative-ai/gemini/paris.jpg' },
  { pattern: /^(?:gs:\/\/|https:\/\/storage\.googleapis\.com\/)gcp-public-data-[\w-]+(?:\/|$)/i, who: 'Google Cloud public datasets', example: 'gs://gcp-public-data-landsat/index.csv.gz' },
  { pattern: /^(?:gs:\/\/|https:\/\/storage\.googleapis\.com\/)vertex-(?:model-garden|evaluation-llm-dataset|ai)-[\w-]+(?:\/|$)/i, who: 'Vertex AI public artifacts', example: 'gs://vertex-model-garden-public-us/llama3/model' },
  { pattern: /^(?:gs:\/\/|https:\/\/storage\.googleapis\.com\/)(?:tfds-data|download\.tensorflow\.org|kaggle-data-sets|bigquery-public-data)(?:\/|$)/i, who: 'public dataset mirrors', example: 'gs://tfds-data/datasets/mnist' },
  { pattern: /^s3:\/\/(?:sagemaker-sample-files|sagemaker-example-files-prod-[\w-]+|sagemaker-sample-data-[\w-]+|jumpstart-cache-prod-[\w-]+|aws-ml-blog|amazon-reviews-pds|nyc-tlc|fast-ai-[\w-]+|aws-bigdata-blog|awsglue-datasets)(?:\/|$)/i, who: 'AWS public samples', example: 's3://sagemaker-sample-files/datasets/tabular/uci_abalone/train.csv' },
  { pattern: /^https:\/\/(?:sagemaker-sample-files|sagemaker-example-files-prod-[\w-]+)\.s3[\w.-]*\.amazonaws\.com\//i, who: 'AWS public samples', example: 'https://sagemaker-sample-files.s3.amazonaws.com/datasets/x.csv' },
  { pattern: /^(?:dbfs:)?\/databricks-datasets(?:\/|$)/i, who: 'Databricks sample datasets', example: 'dbfs:/databricks-datasets/nyctaxi/tables' },
  { pattern: /^wasbs?:\/\/[\w-]+@azureopendatastorage\.blob\.core\.windows\.net\//i, who: 'Azure Open Datasets', example: 'wasbs://nyctlc@azureopendatastorage.blob.core.windows.net/yellow' },
];

export function isPublicDataLocation(uri: string): boolean {
  return PUBLIC_DATA_LOCATIONS.some((entry) => entry.pattern.test(uri));
}
