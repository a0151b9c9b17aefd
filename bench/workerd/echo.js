// The I/O boundary for timing inside workerd: an empty response.
export default {
  async fetch() {
    return new Response('');
  },
};
