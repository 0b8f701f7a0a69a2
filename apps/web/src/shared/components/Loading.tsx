import { Flex, Spin } from 'antd';

/** A centred spinner for route and data loading. */
export function Loading({ full }: { full?: boolean }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: full ? '100vh' : 240 }}>
      <Spin size="large" />
    </Flex>
  );
}
