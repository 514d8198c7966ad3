/*
 * gen_corpus.c: writes the seed corpora of the fuzz targets (make fuzz-corpus):
 *
 *   gen_corpus <dir>    writes <dir>/fuzz_message/<name>, the same bytes on every run
 *
 * Seeds are valid inputs in each target's format (see the comment at the top of each
 * fuzz_*.c): for fuzz_message, one message per translator. Files other than these (crash
 * inputs kept as regression seeds) are left alone.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- an input being built ---- */

typedef struct {
    uint8_t b[16384];
    size_t  n;
} seed;

static const char* outDir;

static void put(seed* s, const void* p, size_t len)
{
    if (s->n + len > sizeof(s->b)) {
        fprintf(stderr, "gen_corpus: seed too large\n");
        exit(1);
    }
    if (len > 0) {
        memcpy(s->b + s->n, p, len);
    }
    s->n += len;
}

static void put8(seed* s, uint8_t v)
{
    put(s, &v, 1);
}

static void writeSeed(const char* target, const char* name, const seed* s)
{
    char  path[1024];
    FILE* f;

    (void)snprintf(path, sizeof(path), "%s/%s/%s", outDir, target, name);
    f = fopen(path, "wb");
    if ((f == NULL) || (fwrite(s->b, 1, s->n, f) != s->n) || (fclose(f) != 0)) {
        fprintf(stderr, "gen_corpus: cannot write %s\n", path);
        exit(1);
    }
}

/* ---- fuzz_message: one message per translator, in its table's order ---- */

#define TRANSLATOR_COUNT 27

static void message(void)
{
    seed     s;
    unsigned i;
    char     name[32];

    for (i = 0; i < TRANSLATOR_COUNT; i++) {
        unsigned j;
        s.n = 0;
        put8(&s, (uint8_t)i);
        for (j = 0; j < 80; j++) {
            put8(&s, (uint8_t)(i * 16u + j));
        }
        (void)snprintf(name, sizeof(name), "translator_%02u", i);
        writeSeed("fuzz_message", name, &s);
    }
}

int main(int argc, char** argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s <corpus-dir>\n", argv[0]);
        return 2;
    }
    outDir = argv[1];
    message();
    return 0;
}
