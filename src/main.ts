import 'reflect-metadata';
import { loadSettings, SettingsError } from './config/settings';
import { startApp } from './bootstrap';

async function main(): Promise<void> {
  let settings;
  try {
    settings = loadSettings();
  } catch (error) {
    if (error instanceof SettingsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  await startApp(settings);
}

main().catch((error: unknown) => {
  console.error('failed to start:', error);
  process.exit(1);
});
