/*
 * spool.c - the writer's overflow: ring records, packed, in an unlinked file,
 * formatted later in the order they were spooled.
 *
 * The file is a sequence of chunks, each a header (the ring the records
 * belong to, how many, their size) followed by the records packed a few
 * bytes each (pack.h): the writer packs a ring's run into a buffer and
 * writes it with one pwrite, and reading back unpacks a chunk at a time.
 * Packing is what lets the spool keep up with a tight loop: 64-byte
 * records at ~20 ns a call are 3 GB/s, more than a page cache takes; four
 * bytes a call are 0.2 GB/s.  pwrite/pread with our own offsets: a fork
 * child shares the file description (and its offset) with the parent.
 * Metadata lives in the file too, so memory does not grow with the
 * records spooled.
 *
 * The spool is the rings' FIFO extension: once it holds anything, every
 * ring's records go through it until it is empty again (bench_spool_wanted),
 * so each thread's records reach the sink in their order.
 */
#include "spool.h"

#include "fd.h"
#include "loss.h"
#include "output.h"
#include "pack.h"
#include "settings.h"
#include "thread.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#define CHUNK_MAGIC UINT64_C(0x6c6f6f7073686e62) /* "bnhspool" */

struct chunk_header {
	uint64_t magic;
	struct bench_ring *ring; /* states are never unmapped (thread.h) */
	uint64_t count;          /* records */
	uint64_t bytes;          /* packed, after this header */
};

/* A chunk, header included, at most: what is packed or read back at once. */
#define CHUNK_BYTES (256u << 10)
/* An empty spool larger than this is truncated (its pages given back). */
#define TRUNCATE_BYTES (16u << 20)

enum spool_state { SPOOL_CLOSED, SPOOL_OPEN, SPOOL_FAILED };

static enum bench_spool_mode mode = BENCH_SPOOL_AUTO;
static char dir[BENCH_MAX_PATH];
static int dir_given;                 /* BENCH_SPOOL_DIR: used even in memory */
static uint64_t max_bytes = (uint64_t)BENCH_DEFAULT_SPOOL_MAX_MB << 20;
static uint64_t limit_bytes;          /* max_bytes, or less on a fuller disk */
static int state = SPOOL_CLOSED;
static int fd = -1;
static dev_t fd_dev;                  /* what fd was opened on (fd_is_ours) */
static ino_t fd_ino;
static uint64_t write_off, read_off;
static uint64_t pending;              /* records spooled, not yet formatted */
static uint64_t bytes_total, records_total;
/* Packing: one chunk, written as soon as it is full. */
static unsigned char pack_out[CHUNK_BYTES];
/* Reading back: the chunk being unpacked, where, and what is left of it. */
static unsigned char pack_in[CHUNK_BYTES];
static struct bench_pack_state unpack_state;
static struct bench_ring *cur_ring;
static uint64_t cur_left;             /* its records not yet unpacked */
static size_t cur_pos, cur_len;       /* in pack_in */

void bench_spool_configure(enum bench_spool_mode new_mode, const char *new_dir,
			   uint64_t new_max_bytes)
{
	mode = new_mode;
	max_bytes = new_max_bytes;
	dir_given = new_dir && new_dir[0];
	snprintf(dir, sizeof(dir), "%s", dir_given ? new_dir : "/tmp");
}

enum bench_spool_mode bench_spool_mode(void)
{
	return mode;
}

uint64_t bench_spool_pending(void)
{
	return pending;
}

uint64_t bench_spool_bytes(void)
{
	return bytes_total;
}

uint64_t bench_spool_records(void)
{
	return records_total;
}

/* Says once why there is no spool; from now on the writer formats as it
 * goes.  reason: strerror(errno) or our own. */
/* Whether fd still holds our file: the program may close every descriptor
 * it did not open (a daemon's loop over 3..255) and reuse the number, and
 * writing, reading, truncating or closing it then hits the program's file
 * (fd.c). */
static int fd_is_ours(void)
{
	struct stat st;

	return fd >= 0 && fstat(fd, &st) == 0 && st.st_dev == fd_dev && st.st_ino == fd_ino;
}

static int lost_descriptor(void);

static void give_up(const char *what, const char *reason)
{
	char line[BENCH_MAX_PATH + 256];
	int len;

	state = SPOOL_FAILED;
	/* What it holds is still read back (and the file closed then). */
	if (fd >= 0 && !pending) {
		if (fd_is_ours())
			close(fd);
		fd = -1;
	}
	len = snprintf(line, sizeof(line),
		       "bench: cannot %s a spool file in %s (%s): records are formatted "
		       "as they come, and threads may wait for the writer\n",
		       what, dir, reason);
	if (len > 0 && write(BENCH_MESSAGE_FD, line,
			     (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1) < 0)
		return; /* nowhere to say it */
}

/* A file system in memory: a spool there would cost the RAM it is meant
 * to spare. */
static int in_memory(const char *path)
{
	struct statfs fs;

	return statfs(path, &fs) == 0 &&
	       (fs.f_type == TMPFS_MAGIC || fs.f_type == RAMFS_MAGIC);
}

/* Without BENCH_SPOOL_DIR: $TMPDIR, /tmp or /var/tmp, the first one on
 * disk; -1 when all are in memory. */
static int choose_dir(void)
{
	const char *candidates[3] = { bench_settings_getenv("TMPDIR"), "/tmp", "/var/tmp" };
	size_t i;

	if (dir_given)
		return 0;
	for (i = 0; i < 3; i++) {
		if (!candidates[i] || !candidates[i][0] || in_memory(candidates[i]))
			continue;
		snprintf(dir, sizeof(dir), "%s", candidates[i]);
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s", "$TMPDIR, /tmp or /var/tmp");
	return -1;
}

/* The file's size limit from now until it is next emptied: max_bytes, or
 * half of what is free in its directory, so that the spool never fills a
 * disk the program needs. */
static void set_limit(void)
{
	struct statfs fs;
	uint64_t half_free;

	limit_bytes = max_bytes;
	if (fstatfs(fd, &fs) == 0) {
		half_free = (uint64_t)fs.f_bavail * (uint64_t)fs.f_bsize / 2;
		if (half_free < limit_bytes)
			limit_bytes = half_free;
	}
}

static int open_spool(void)
{
	char path[BENCH_MAX_PATH + 32];
	struct stat st;
	int err;

	if (choose_dir()) {
		give_up("create", "all are in memory; BENCH_SPOOL_DIR can name one on disk");
		return -1;
	}
	/* Unlinked from the start: nothing is left behind, whatever the
	 * end of the process. */
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {
		err = errno;
		/* Filesystems without O_TMPFILE; not a missing directory. */
		if (err != EOPNOTSUPP && err != EISDIR && err != EINVAL) {
			give_up("create", strerror(err));
			return -1;
		}
		snprintf(path, sizeof(path), "%s/bench-spool-XXXXXX", dir);
		fd = mkostemp(path, O_CLOEXEC);
		if (fd < 0) {
			give_up("create", strerror(errno));
			return -1;
		}
		unlink(path);
	}
	fd = bench_fd_move_high(fd);
	if (fstat(fd, &st) != 0) {
		give_up("create", strerror(errno));
		return -1;
	}
	fd_dev = st.st_dev;
	fd_ino = st.st_ino;
	state = SPOOL_OPEN;
	write_off = read_off = 0;
	set_limit();
	return 0;
}

int bench_spool_wanted(const struct bench_ring *ring, uint64_t used)
{
	if (pending)
		return state == SPOOL_OPEN && write_off < limit_bytes;
	if (mode == BENCH_SPOOL_OFF || state == SPOOL_FAILED)
		return 0;
	return mode == BENCH_SPOOL_ALWAYS || used >= ring->capacity / 2;
}

/* Packs records [tail, head) of ring into pack_out, as many as one chunk
 * holds; returns how many, *bytes the chunk's size. */
static uint64_t pack_chunk(const struct bench_ring *ring, uint64_t tail, uint64_t head,
			   size_t *bytes)
{
	struct chunk_header h = { CHUNK_MAGIC, (struct bench_ring *)ring, 0, 0 };
	struct bench_pack_state st;
	size_t used = sizeof(h);
	uint64_t i;

	bench_pack_start(&st);
	for (i = tail; i != head && used <= sizeof(pack_out) - BENCH_PACK_MAX; i++)
		used += bench_pack_record(&st, &ring->slots[i & ring->mask], pack_out + used);
	h.count = i - tail;
	h.bytes = used - sizeof(h);
	memcpy(pack_out, &h, sizeof(h));
	*bytes = used;
	return h.count;
}

long bench_spool_append(struct bench_ring *ring)
{
	uint64_t head = __atomic_load_n(&ring->head, __ATOMIC_ACQUIRE);
	uint64_t tail = ring->room.tail, start = tail;

	if (head == tail)
		return 0;
	lost_descriptor();
	if (state == SPOOL_CLOSED && open_spool())
		return -1;
	if (state != SPOOL_OPEN)
		return -1;
	while (tail != head) {
		size_t bytes;
		uint64_t n = pack_chunk(ring, tail, head, &bytes);
		ssize_t done;

		do
			done = pwrite(fd, pack_out, bytes, (off_t)write_off);
		while (done < 0 && errno == EINTR);
		if (done < 0 || (size_t)done != bytes) {
			/* A short write is a full disk too; whatever it wrote
			 * past write_off is never read.  The chunks written
			 * before stay spooled: the caller formats the spool,
			 * then what is left in the ring. */
			give_up("write", strerror(done < 0 ? errno : ENOSPC));
			return -1;
		}
		write_off += bytes;
		bytes_total += bytes;
		records_total += n;
		pending += n;
		ring->spooled += n;
		tail += n;
		/* A producer waiting for room goes on now. */
		bench_room_publish(&ring->room, tail);
	}
	return (long)(tail - start);
}

/* Everything still spooled is unreadable: counted, and forgotten. */
static void drop_rest(void)
{
	struct bench_thread *t;

	bench_loss_drop_n(BENCH_DROP_SPOOL_READ, pending);
	for (t = bench_thread_first(); t; t = t->next)
		t->ring.spooled = 0;
	pending = 0;
	cur_ring = NULL;
	cur_left = 0;
	cur_pos = cur_len = 0;
	read_off = write_off;
}

/* The program closed our descriptor: what was spooled went with the file
 * (counted as unreadable), and the number is never touched again; a new
 * spool is opened when one is needed. */
static int lost_descriptor(void)
{
	if (fd < 0 || fd_is_ours())
		return 0;
	fd = -1;
	drop_rest();
	if (state == SPOOL_OPEN)
		state = SPOOL_CLOSED;
	write_off = read_off = 0;
	return 1;
}

static int read_fully(void *buf, size_t len, uint64_t off)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = pread(fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

static void emptied(void)
{
	if (lost_descriptor())
		return;
	if (state == SPOOL_FAILED) {
		if (fd >= 0)
			close(fd);
		fd = -1;
		return;
	}
	/* Start over at the front, over pages already in the page cache
	 * (cheaper to write than new ones); beyond TRUNCATE_BYTES the file
	 * gives its blocks back. */
	if (write_off > TRUNCATE_BYTES && ftruncate(fd, TRUNCATE_BYTES) < 0)
		errno = 0; /* only space kept a little longer */
	read_off = write_off = 0;
	set_limit();
}

/* Reads the next chunk into pack_in; -1 when it is missing or malformed. */
static int read_chunk(void)
{
	struct chunk_header h;

	if (read_fully(&h, sizeof(h), read_off) || h.magic != CHUNK_MAGIC || !h.ring ||
	    !h.count || h.count > h.ring->spooled || h.bytes > sizeof(pack_in) - sizeof(h) ||
	    read_fully(pack_in, h.bytes, read_off + sizeof(h)))
		return -1;
	read_off += sizeof(h) + h.bytes;
	cur_ring = h.ring;
	cur_left = h.count;
	cur_pos = 0;
	cur_len = h.bytes;
	bench_pack_start(&unpack_state);
	return 0;
}

size_t bench_spool_format(size_t budget, bench_spool_consume_fn consume)
{
	size_t taken = 0;

	while (pending && taken < budget) {
		struct bench_record r;
		size_t used;

		/* Checked once a chunk (~60,000 records), where it is read. */
		if (!cur_left && (lost_descriptor() || read_chunk())) {
			taken += pending;
			drop_rest();
			break;
		}
		used = bench_unpack_record(&unpack_state, pack_in + cur_pos, cur_len - cur_pos, &r);
		if (!used) {
			taken += pending;
			drop_rest();
			break;
		}
		cur_pos += used;
		cur_left--;
		cur_ring->spooled--;
		pending--;
		taken++;
		consume(cur_ring, &r);
	}
	if (!pending && fd >= 0)
		emptied();
	return taken;
}

int bench_spool_fd(void)
{
	return fd;
}

void bench_spool_after_fork_child(void)
{
	/* The parent's file and records: close our descriptor (the parent
	 * keeps its own) and open another when needed.  A failure to spool
	 * in the parent need not be ours. */
	if (fd_is_ours())
		close(fd);
	fd = -1;
	state = SPOOL_CLOSED;
	write_off = read_off = 0;
	pending = 0;
	cur_ring = NULL;
	cur_left = 0;
	cur_pos = cur_len = 0;
	bytes_total = records_total = 0;
}
