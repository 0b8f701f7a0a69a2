import type { EChartsOption } from 'echarts';
import * as echarts from 'echarts';
import { useEffect, useRef } from 'react';

/** A small ECharts wrapper: renders `option`, resizes with the window, reports clicks by data index. */
export function EChart({
  option,
  height = 280,
  onClick,
  testId,
}: {
  option: EChartsOption;
  height?: number;
  onClick?: (p: { dataIndex: number; seriesIndex: number }) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption(option);
    chart.on('click', (p) => clickRef.current?.({ dataIndex: p.dataIndex, seriesIndex: p.seriesIndex ?? 0 }));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return <div ref={ref} style={{ width: '100%', height }} data-testid={testId} />;
}
