export * from './charts.module';
