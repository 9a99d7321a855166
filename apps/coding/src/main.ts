import { codingServiceSpec } from '@revcycle/coding';
import { runService } from '@revcycle/runtime';

void runService(codingServiceSpec);
