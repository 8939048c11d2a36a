#include <stdio.h>
#include <stdint.h>
#include <endian.h>
#include <byteswap.h>
#include <arpa/inet.h>

struct header {
	uint16_t magic;
	uint32_t length;
};

int main(void)
{
	struct header h = { 0xcafe, 1500 };
	uint16_t wire_magic = htobe16(h.magic);
	uint32_t wire_length = htonl(h.length);

	printf("%04x %08x\n", (unsigned)wire_magic, (unsigned)wire_length);
	printf("back: %04x %u\n", (unsigned)be16toh(wire_magic), (unsigned)ntohl(wire_length));
	printf("swapped: %08x\n", (unsigned)bswap_32(0x11223344u));
	return 0;
}
