#!/usr/bin/env python3
"""Write a generated site of N articles for the scale figures of docs/scale.md.

Usage: scripts/gen-site.py N DIR

Each article has front matter (title, description, keyword), an H1, three H2 sections of
prose (about 350 words, drawn from a 3,000-word vocabulary with a fixed seed, so pages are
distinct and the run is repeatable) and three links to other articles. One in 500 pages is a
near-copy of another, one in 1,000 has a broken link: the site checks have some work to do.
"""

import os
import random
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n, root = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(11)
    vocab = ["w%s%d" % (chr(97 + i % 26), i) for i in range(3000)]
    prev = ""
    for i in range(n):
        d = os.path.join(root, "s%03d" % (i // 1000))
        os.makedirs(d, exist_ok=True)
        if i % 500 == 499:
            # One word added to the previous page: a near-copy, not an exact one.
            body = prev.replace("## Section 1\n\n", "## Section 1\n\nchanged ", 1)
        else:
            body = "\n\n".join(
                "## Section %d\n\n" % s + " ".join(rng.choices(vocab, k=115)) + "."
                for s in range(3)
            )
        prev = body
        links = " ".join(
            "[see %d](../s%03d/a%06d.md)" % (j, j // 1000, j)
            for j in (rng.randrange(n) for _ in range(3))
        )
        if i % 1000 == 7:
            links += " [gone](../nowhere/missing.md)"
        text = (
            "---\ntitle: Article %d about %s\ndescription: Generated page %d for the scale run.\n"
            "keyword: %s %s\n---\n# Article %d\n\n%s\n\n%s\n\n## Conclusion\n\nDone.\n"
            % (i, vocab[i % 3000], i, vocab[i % 3000], vocab[(i * 7) % 3000], i, body, links)
        )
        with open(os.path.join(d, "a%06d.md" % i), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
