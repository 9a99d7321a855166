export * from './gateway-routes';
export * from './gateway-server';
export * from './portal-static-files';
export * from './gateway-config';
