package dev.hardtack.internal;

/**
 * The small word list of {@link SecretPolicy}: common English words and the words people put in secrets
 * (secret, key, cookie, session, password, framework names), a few hundred in all, held as a trie.
 *
 * <p>A word is matched in any letter case and with the usual swaps of a digit or symbol for a letter ({@code 0}
 * for o, {@code 1} and {@code !} for i, {@code 3} for e, {@code 4} and {@code @} for a, {@code 5} and {@code $} for
 * s, {@code 7} for t). The list is deliberately short: it catches the secrets people type, and it costs nothing
 * to load.
 */
final class SecretWords {
  private static final String WORDS = String.join(" ",
      // What people put in a secret.
      "secret secrets key keys password passwords passwd pass passphrase pwd token tokens cookie cookies session",
      "sessions sign signing signed signature hmac sha aes jwt auth admin administrator root user username login",
      "logon default changeme change test testing tester demo example sample dev develop development prod",
      "production staging stage local localhost app application server client api web website site super top",
      "very hardtack express spring boot java node nodejs django rails flask laravel symfony tomcat jetty servlet",
      "secure security private public hidden encrypt encrypted encryption crypto random string value qwerty",
      "letmein welcome master dragon monkey shadow sunshine princess football baseball soccer iloveyou trustno",
      "abc hello world foo bar baz qux lorem ipsum dolor sit amet company project service config configuration",
      "env var keyboard cat correct horse battery staple temp temporary tmp placeholder replace insert your here",
      "mine this that something anything nothing everything unsafe insecure unknown generated generate",
      // Common English words.
      "the be to of and in that have it for not on with he as you do at but his by from they we say her she or",
      "an will my one all would there their what so up out if about who get which go me when make can like time",
      "no just him know take people into year your good some could them see other than then now look only come",
      "its over think also back after use two how our work first well way even new want because any these give",
      "day most us is are was were been has had did does more long love life live home house money family",
      "friend game play music movie summer winter autumn fall happy lucky blue red green black white orange",
      "purple yellow star moon sun sky water fire earth wind ice snow rain storm tiger lion bear wolf eagle shark",
      "angel devil god heaven hell magic power freedom peace hope faith dream night light dark king queen prince",
      "baby girl boy man woman mother father sister brother computer internet email mail phone office school",
      "team club city country always never forever please thank thanks yes okay cool best great big small",
      "little old young last next three four five six seven eight nine ten hundred thousand million number name",
      "code data file system network access control manager manage account bank card credit personal store shop",
      "cart order pay payment customer quick brown fox jumps lazy dog open close door lock unlock safe word words",
      "text message mix add remember forget strong weak long short simple easy hard hardest tack tech cloud");

  /** The price of one word, in bits: log2 of the list's size. */
  static final double BITS;
  /** The longest word, in letters. */
  static final int MAX_LENGTH;

  private static final int[][] NEXT;
  private static final boolean[] TERMINAL;
  /** The letter that a byte stands for, 'a'..'z' as 0..25, or -1; with the swap flag for a digit or symbol. */
  private static final int[] LETTER = letters();
  private static final int SWAP = 0x100;

  static {
    String[] words = WORDS.split(" ");
    int nodes = 1;
    for (String w : words) {
      nodes += w.length();
    }
    int[][] next = new int[nodes][];
    boolean[] terminal = new boolean[nodes];
    next[0] = new int[26];
    int used = 1;
    int distinct = 0;
    int longest = 0;
    for (String w : words) {
      int node = 0;
      for (int i = 0; i < w.length(); i++) {
        int c = w.charAt(i) - 'a';
        if (next[node][c] == 0) {
          next[used] = new int[26];
          next[node][c] = used++;
        }
        node = next[node][c];
      }
      if (!terminal[node]) {
        terminal[node] = true;
        distinct++;
      }
      longest = Math.max(longest, w.length());
    }
    NEXT = next;
    TERMINAL = terminal;
    BITS = SecretPolicy.log2(distinct);
    MAX_LENGTH = longest;
  }

  private SecretWords() {}

  /**
   * Prices every word of the list that starts at {@code s[i]}: {@code out[k]} is the extra bits (letter case and
   * swaps, on top of {@link #BITS}) of the word that ends at {@code i + k}, or {@code -1} where none ends.
   * Reads at most {@link #MAX_LENGTH} bytes.
   *
   * @return how many entries of {@code out} were written, from index 1
   */
  static int match(byte[] s, int i, double[] out) {
    int node = 0;
    int upper = 0;
    int swaps = 0;
    boolean firstUpper = false;
    int k = 0;
    while (i + k < s.length && k < MAX_LENGTH) {
      int b = s[i + k];
      if (b < 0) {
        break;
      }
      int l = LETTER[b];
      if (l < 0) {
        break;
      }
      if ((l & SWAP) != 0) {
        swaps++;
      } else if (b >= 'A' && b <= 'Z') {
        upper++;
        firstUpper |= k == 0;
      }
      node = NEXT[node][l & 0xff];
      if (node == 0) {
        break;
      }
      k++;
      if (TERMINAL[node]) {
        int letters = k - swaps;
        double caseBits = upper == 0 ? 0 : (upper == letters || (upper == 1 && firstUpper)) ? 1 : letters;
        out[k] = caseBits + swaps;
      } else {
        out[k] = -1;
      }
    }
    return k;
  }

  private static int[] letters() {
    int[] l = new int[128];
    java.util.Arrays.fill(l, -1);
    for (int c = 'a'; c <= 'z'; c++) {
      l[c] = c - 'a';
      l[c - 'a' + 'A'] = c - 'a';
    }
    String swaps = "0o1i!i3e4a@a5s$s7t";
    for (int i = 0; i < swaps.length(); i += 2) {
      l[swaps.charAt(i)] = (swaps.charAt(i + 1) - 'a') | SWAP;
    }
    return l;
  }
}
