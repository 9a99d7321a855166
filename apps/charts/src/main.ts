import { chartsServiceSpec } from '@revcycle/charts';
import { runService } from '@revcycle/runtime';

void runService(chartsServiceSpec);
