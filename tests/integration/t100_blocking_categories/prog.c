/* One call from each category of the libc preset, made outside any
 * must-not-block context: each is recorded once (blocking_min_us is 0),
 * not a violation, and the program's results are unchanged. */
#include <dirent.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static void sleeps(void)
{
	struct timespec ts = { 0, 1000 };

	usleep(10);
	nanosleep(&ts, NULL);
}

static void files(void)
{
	char buf[8] = { 0 };
	int fd = open("data.tmp", O_CREAT | O_RDWR | O_TRUNC, 0600);
	FILE *f;

	printf("write %zd\n", write(fd, "abc", 3));
	printf("fsync %d\n", fsync(fd));
	printf("pread %zd", pread(fd, buf, sizeof(buf) - 1, 0));
	printf(" %s\n", buf);
	close(fd);
	f = fopen("data.tmp", "r");
	printf("fread %zu\n", fread(buf, 1, 3, f));
	fclose(f);
}

static void metadata(void)
{
	struct stat st;
	DIR *d;
	int entries = 0;

	int rc = stat("data.tmp", &st);

	printf("stat %d size %lld\n", rc, (long long)st.st_size);
	printf("mkdir %d\n", mkdir("dir.tmp", 0700));
	d = opendir("dir.tmp");
	while (readdir(d))
		entries++;
	closedir(d);
	printf("entries %d\n", entries);
	rc = rmdir("dir.tmp");
	printf("rmdir %d unlink %d\n", rc, unlink("data.tmp"));
}

static void network(void)
{
	struct addrinfo hints, *res = NULL;
	struct pollfd pfd;
	char buf[8] = { 0 };
	int sv[2];

	printf("socketpair %d\n", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	printf("send %zd\n", send(sv[0], "ping", 4, 0));
	pfd.fd = sv[1];
	pfd.events = POLLIN;
	printf("poll %d\n", poll(&pfd, 1, 1000));
	printf("recv %zd", recv(sv[1], buf, sizeof(buf) - 1, 0));
	printf(" %s\n", buf);
	close(sv[0]);
	close(sv[1]);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST;
	hints.ai_socktype = SOCK_STREAM;
	printf("getaddrinfo %d\n", getaddrinfo("127.0.0.1", NULL, &hints, &res));
	freeaddrinfo(res);
}

static void processes(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0)
		_exit(7);
	waitpid(pid, &status, 0);
	printf("child %d\n", WEXITSTATUS(status));
}

static void locks(void)
{
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	struct timespec past = { 0, 0 };

	pthread_mutex_lock(&m);
	printf("timedwait %d\n", pthread_cond_timedwait(&c, &m, &past) != 0);
	pthread_mutex_unlock(&m);
}

static void terminal(void)
{
	char line[16];

	printf("fgets %s\n", fgets(line, sizeof(line), stdin) ? "line" : "eof");
	printf("getchar %d\n", getchar());
}

int main(void)
{
	sleeps();
	files();
	metadata();
	network();
	processes();
	locks();
	terminal();
	return 0;
}
