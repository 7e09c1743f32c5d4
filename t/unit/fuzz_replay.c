/*
 * fuzz_replay.c -- a plain main for a libFuzzer harness: runs
 * LLVMFuzzerTestOneInput once per file, so that the harness's oracles
 * check its seed corpus under `make check`, built by any C compiler and
 * without libFuzzer (`make fuzz` builds the real fuzzer).
 *
 *   t/unit/fuzz_form_replay [FILE|DIR]...
 *
 * Without arguments it replays the corpus directory compiled in
 * (KC_FUZZ_CORPUS). A failed oracle traps (the harness's CHECK), which
 * fails the test; an empty or missing corpus fails it too, so that a
 * replay never passes by checking nothing.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf;
    long n;

    if (!f) {
        perror(path);
        return -1;
    }
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0) {
        perror(path);
        fclose(f);
        return -1;
    }
    /* One byte more than the file, so that an empty input is a valid
     * pointer, as libFuzzer passes it. */
    buf = malloc((size_t)n + 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: cannot read\n", path);
        free(buf);
        fclose(f);
        return -1;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, (size_t)n);
    free(buf);
    return 1;
}

/* Every regular file of a directory (not recursive, like libFuzzer). */
static int replay_dir(const char *path)
{
    DIR *d = opendir(path);
    struct dirent *e;
    int count = 0, k;

    if (!d) {
        perror(path);
        return -1;
    }
    while ((e = readdir(d)) != NULL) {
        char file[4096];
        struct stat st;

        if (e->d_name[0] == '.') {
            continue;
        }
        snprintf(file, sizeof(file), "%s/%s", path, e->d_name);
        if (stat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        if ((k = replay_file(file)) < 0) {
            closedir(d);
            return -1;
        }
        count += k;
    }
    closedir(d);
    return count;
}

static int replay(const char *path)
{
    struct stat st;

    if (stat(path, &st) != 0) {
        perror(path);
        return -1;
    }
    return S_ISDIR(st.st_mode) ? replay_dir(path) : replay_file(path);
}

int main(int argc, char **argv)
{
    int i, k, count = 0;

    if (argc < 2) {
#ifdef KC_FUZZ_CORPUS
        static char corpus[] = KC_FUZZ_CORPUS;
        static char *dflt[] = { NULL, corpus, NULL };

        dflt[0] = argv[0];
        argv = dflt;
        argc = 2;
#else
        fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
        return 2;
#endif
    }
    for (i = 1; i < argc; i++) {
        if ((k = replay(argv[i])) < 0) {
            return 1;
        }
        count += k;
    }
    if (count == 0) {
        fprintf(stderr, "%s: no inputs to replay\n", argv[0]);
        return 1;
    }
    printf("%s: %d inputs replayed, every oracle held\n", argv[0], count);
    return 0;
}
