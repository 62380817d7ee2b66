// Objects whose `.fit` learns a data transformation, not a model that answers:
// fitting a scaler or an encoder needs no evaluation cases (NB304 skips them).
// Matched against the class a variable is built from, or the variable's own name.

/** Class names (scikit-learn, Keras, category_encoders...) of preprocessing steps. */
export const PREPROCESSING_CLASS = /(?:Scaler|Encoder|Vectorizer|Imputer|Binarizer|Normalizer|Discretizer|Transformer|Tokenizer|Normalization|Selector|PolynomialFeatures|PCA|TruncatedSVD|TSNE|SelectKBest|FunctionTransformer|ColumnTransformer|StringLookup|IntegerLookup|TextVectorization)$/;

/** Variable names people give preprocessing steps: `scaler`, `le`, `ohe`, `tfidf`. */
export const PREPROCESSING_NAME = /^(?:\w*_)?(?:scaler|encoder|enc|vectori[sz]er|vectori[sz]ation|imputer|tokeni[sz]er|normali[sz]er|binarizer|transformer|preprocessor|pca|svd|tfidf|le|ohe|cv|sc|poly)(?:_\w*)?\d*$/i;

/** Is `receiver.fit(…)` fitting a preprocessing step? `constructor` is the class it was built from, when known. */
export function isPreprocessing(receiver: string, constructor?: string): boolean {
  if (constructor) return PREPROCESSING_CLASS.test(constructor.split('.').pop() ?? constructor);
  return PREPROCESSING_NAME.test(receiver);
}
