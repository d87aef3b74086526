// Makes the validated AppConfig injectable everywhere as APP_CONFIG, and the business Clock it
// sets (the real time unless CLOCK_NOW pins it).
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Clock, clockFor } from '../common/clock.js';
import type { AppConfig } from './app-config.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: Clock, useValue: clockFor(config.clockNowMs) },
      ],
      exports: [APP_CONFIG, Clock],
    };
  }
}
