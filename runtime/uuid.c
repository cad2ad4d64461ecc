/*
 * uuid.c - random (version 4) UUIDs, from getrandom(2), or from clocks,
 * the pid and an address when the kernel has no entropy to give yet.
 */
#include "uuid.h"

#include "clock.h"

#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

/* splitmix64: spreads weak seeds over every bit. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

static void fallback_random(unsigned char bytes[16])
{
	struct timespec ts;
	uint64_t a, b;

	clock_gettime(CLOCK_REALTIME, &ts);
	a = mix64((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)getpid());
	b = mix64(a ^ bench_clock_monotonic_ns() ^ (uint64_t)(uintptr_t)&ts);
	memcpy(bytes, &a, 8);
	memcpy(bytes + 8, &b, 8);
}

void bench_uuid4(char out[BENCH_UUID_STRLEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char bytes[16];
	size_t i, o = 0;

	if (getrandom(bytes, sizeof(bytes), GRND_NONBLOCK) != (ssize_t)sizeof(bytes))
		fallback_random(bytes);
	bytes[6] = (unsigned char)((bytes[6] & 0x0f) | 0x40); /* version 4 */
	bytes[8] = (unsigned char)((bytes[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = hex[bytes[i] >> 4];
		out[o++] = hex[bytes[i] & 15];
	}
	out[o] = 0;
}
