/** A region of every AWS partition, in the mock's own words (it shares no table with the code it tests). */
export const regionOfEveryPartition: readonly string[] = [
  'us-east-1',
  'cn-north-1',
  'us-gov-west-1',
  'us-iso-east-1',
  'us-isob-east-1',
  'eu-isoe-west-1',
  'us-isof-south-1',
  'eusc-de-east-1',
];
