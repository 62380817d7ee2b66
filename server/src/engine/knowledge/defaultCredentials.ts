// Passwords that are a product's published default, written in its own install docs and manifests:
// a notebook that holds one shows nothing a reader could not look up, so NB203 does not report it
// (the advice to change the default belongs to the deployment, not to the notebook).

export const PUBLIC_DEFAULT_PASSWORDS: ReadonlySet<string> = new Set([
  // Kubeflow's in-cluster MinIO (minio-service.kubeflow:9000) ships with access key `minio`, secret `minio123`.
  'minio123',
]);
