// Function names that read or write files and data, by their last dotted parts.
// `pd.read_csv` matches `read_csv`; `np.load` matches `np.load` and `load` only
// when the module is known, so `json.load(f)` of an open file is not a path read.

const FILE_IO_SUFFIXES = [
  /(?:^|\.)read_(?:csv|json|parquet|excel|feather|pickle|table|fwf|hdf|orc|sas|spss|stata|xml|html|sql_table)$/,
  /(?:^|\.)to_(?:csv|json|parquet|excel|feather|pickle|hdf|orc|stata|xml|html)$/,
  /^(?:open|io\.open|codecs\.open|builtins\.open)$/,
  /(?:^|\.)(?:Path|PurePath|PosixPath|WindowsPath)$/,
  /^(?:np|numpy)\.(?:load|save|savez|savez_compressed|loadtxt|savetxt|genfromtxt|fromfile|memmap)$/,
  /^(?:joblib|torch|pickle|dill|cloudpickle|tf\.keras\.models|keras\.models)\.(?:load|dump|save|load_model)$/,
  /^(?:os|shutil|glob|os\.path)\.(?:listdir|scandir|walk|makedirs|mkdir|remove|unlink|rename|copy|copy2|copyfile|copytree|move|rmtree|glob|iglob|exists|isfile|isdir|chdir|join)$/,
  /^(?:glob|iglob)$/,
  /(?:^|\.)(?:imread|imwrite|savefig|load_img|save_img|read_file|write_file|from_csv|load_from_disk|save_to_disk|save_pretrained|from_pretrained)$/,
  /^(?:Image\.open|cv2\.imread|cv2\.imwrite|plt\.imread|plt\.savefig|h5py\.File|zipfile\.ZipFile|tarfile\.open|sqlite3\.connect|duckdb\.connect)$/,
  /^(?:pl|polars)\.(?:read_\w+|scan_\w+)$/,
  /(?:^|\.)load_dataset$/,
];

const DATA_READER_SUFFIXES = [
  /(?:^|\.)read_(?:csv|json|parquet|excel|feather|table|fwf|xml|html|orc)$/,
  /^(?:pl|polars)\.(?:read_\w+|scan_\w+)$/,
  /^(?:np|numpy)\.(?:loadtxt|genfromtxt)$/,
  /(?:^|\.)(?:urlretrieve|get_file|load_dataset)$/,
  /^(?:wget\.download|requests\.get|httpx\.get|urllib\.request\.urlopen|urlopen)$/,
];

export function isFileIo(callee: string | undefined): boolean {
  return callee !== undefined && FILE_IO_SUFFIXES.some((r) => r.test(callee));
}

export function isDataReader(callee: string | undefined): boolean {
  return callee !== undefined && DATA_READER_SUFFIXES.some((r) => r.test(callee));
}

/** Calls that read an environment variable; their second argument is the default (`os.getenv("KEY", "…")`). */
export const ENVIRONMENT_LOOKUP = /^(?:os\.getenv|os\.environ\.get|getenv|environ\.get)$/;
