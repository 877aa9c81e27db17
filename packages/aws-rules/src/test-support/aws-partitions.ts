/**
 * AWS's partition table as the installed `@aws-sdk/core` holds it, read from its client submodule's source
 * (the SDK does not export the raw table): tests compare our answers with it, so an SDK update that adds a
 * partition or a region prefix fails a test here instead of silently disagreeing.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface AwsPartitionData {
  readonly id: string;
  readonly regionRegex: string;
  readonly regions: Readonly<Record<string, unknown>>;
}

let cached: readonly AwsPartitionData[] | undefined;

export function installedPartitions(): readonly AwsPartitionData[] {
  cached ??= readPartitions();
  return cached;
}

function readPartitions(): readonly AwsPartitionData[] {
  const file = createRequire(import.meta.url).resolve('@aws-sdk/core/client');
  const source = readFileSync(file, 'utf8');
  const start = source.indexOf('const partitionsInfo = ');
  const end = source.indexOf('\n};\n', start);
  if (start < 0 || end < 0) throw new Error(`no partitionsInfo table in ${file}`);
  const table = JSON.parse(source.slice(start + 'const partitionsInfo = '.length, end + 2)) as {
    partitions: AwsPartitionData[];
  };
  return table.partitions;
}

/** The rule AWS's data states: a region is valid iff it is listed in, or matches the regex of, a partition. */
export function awsPartitionOf(region: string): string | undefined {
  const partitions = installedPartitions();
  for (const partition of partitions) if (Object.hasOwn(partition.regions, region)) return partition.id;
  for (const partition of partitions) if (new RegExp(partition.regionRegex).test(region)) return partition.id;
  return undefined;
}
