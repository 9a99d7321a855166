export * from './charts.module';
export * from './charts.app';
