/**
 * Where the demo writes when not told: a folder of its own in the current one, so that its files never
 * mix with the user's (nor, in a clone, with the project's: the folder is in .gitignore). Apart from
 * run.ts, so that the command's help names it without loading the demo.
 */
export const DEMO_FOLDER = 'device-policy-demo';
