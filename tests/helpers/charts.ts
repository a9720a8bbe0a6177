import { SVGRenderer } from 'echarts/renderers';
import { echarts, type EChartsOption } from '../../src/lib/charts/echarts';

/** Render an option to an SVG string in Node (ECharts SSR), proving it works with the registered parts. */
export function renderSvg(option: EChartsOption, width = 640, height = 400): string {
  echarts.use(SVGRenderer);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(option);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
