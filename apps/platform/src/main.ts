import { runService } from '@revcycle/runtime';
import { platformSpec } from './platform';

void runService(platformSpec);
