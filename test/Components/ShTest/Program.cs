using System;
using Minix3.Cosmos.Commands.Sh;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.ShTest
{
    // Runs scripts through the shell and compares status, output and the
    // recorded commands. The last check mutates scripts at random: every one
    // of them must end with a status, however malformed (the shell's limits
    // on commands, recursion and string growth keep a hostile recovery
    // script from hanging or exhausting the component).
    public static class Program
    {
        private static int _passed;
        private static int _failed;

        private const string Figure3 =
            "component=$1          # args from reinc. server\n" +
            "reason=$2             # dynamic update = 6\n" +
            "repetition=$3        # current failure count\n" +
            "\n" +
            "if [ ! $reason -eq 6 ]\n" +
            "then\n" +
            "    sleep $((1 << ($repetition - 1)))\n" +
            "fi\n" +
            "service restart $component\n";

        private static void Check(string name, string script, string[] args, int status, string expected)
        {
            var host = new RecordingHost();
            var shell = new Shell(host) { CommandLimit = 10000 };
            int actual = shell.RunScript(script, "probe", args);
            var log = new System.Text.StringBuilder();
            log.Append(host.Out.ToString());
            foreach (string c in host.Commands)
                log.Append('[').Append(c).Append(']');
            string got = log.ToString();
            if (actual == status && got == expected)
            {
                _passed++;
            }
            else
            {
                _failed++;
                Diagnostics.Print("shtest: FAIL " + name + " status " + actual.ToString() + " output " + Escape(got) + " err " + Escape(host.Err.ToString()));
            }
        }

        private static string Escape(string s)
        {
            var b = new System.Text.StringBuilder();
            foreach (char c in s)
                b.Append(c == '\n' ? "\\n" : c.ToString());
            return b.ToString();
        }

        public static int Main()
        {
            Check("figure3", Figure3, new[] { "printer", "3", "3" }, 0, "[sleep 4][service restart printer]");
            Check("figure3-update", Figure3, new[] { "eth0", "6", "9" }, 0, "[service restart eth0]");
            Check("arith", "x=5; echo $((x << 3)) $(( (x + 1) * 2 % 5)) $((-7 / 2)) $((1 << 63))", new string[0], 0, "40 2 -3 -9223372036854775808\n");
            Check("divzero", "echo $((1 / 0)); echo no", new string[0], 2, "");
            Check("minquot", "echo $(( (-9223372036854775807 - 1) / -1 ))", new string[0], 0, "-9223372036854775808\n");
            Check("quotes", "x='a  b'; echo $x \"$x\" '$x' \\$x", new string[0], 0, "a b a  b $x $x\n");
            Check("positional", "shift; echo $# \"$@\" ${1} $0", new[] { "a", "b", "c d" }, 0, "2 b c d b probe\n");
            Check("loops", "for i in 1 2 3; do [ $i = 2 ] && continue; echo $i; done; i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; echo $i", new string[0], 0, "1\n3\n3\n");
            Check("case", "case abc in a*c) echo m;; *) echo n;; esac", new string[0], 0, "m\n");
            Check("func", "f() { echo \"$1-$#\"; return 3; }; f x y; echo $?", new string[0], 0, "x-2\n3\n");
            Check("pipe", "echo hi | cat; echo a b | { read p q; echo $q$p; }", new string[0], 0, "ba\n[cat <hi\n>]");
            Check("mail", "echo down | mail root; exit 4", new string[0], 4, "[mail root <down\n>]");
            Check("syntax", "if true; then\necho x\n", new string[0], 2, "");
            Check("notfound", "nope; echo $?", new string[0], 0, "127\n");
            Check("subshell", "x=1; (x=2; exit 3); echo $? $x", new string[0], 0, "3 1\n");
            Check("params", "p=/a/b.c; echo ${p##*/} ${p%.*} ${u:-d} ${#p}", new string[0], 0, "b.c /a/b d 6\n");
            Check("deep", "f() { f; }; f", new string[0], 2, "");
            Check("limit", "while :; do :; done", new string[0], 2, "");
            Check("grow", "x=ab; while :; do x=$x$x; done", new string[0], 2, "");

            // A small fuzz on the real runtime: mutated scripts must all end.
            uint seed = 12345;
            string[] seeds = { Figure3, "for x in a b; do case $x in a) echo $((1+2));; esac; done | cat", "f() { [ $# -gt 0 ] && shift && f \"$@\"; }; f 1 2 3" };
            string alphabet = "ab1 ;|&<>(){}[]'\"\\$#=!*?-+/%\n";
            int ended = 0;
            for (int i = 0; i < 1500; i++)
            {
                seed = seed * 1103515245 + 12345;
                var text = new System.Text.StringBuilder(seeds[(seed >> 16) % (uint)seeds.Length]);
                for (int m = 0; m < 3; m++)
                {
                    seed = seed * 1103515245 + 12345;
                    int at = (int)((seed >> 8) % (uint)text.Length);
                    seed = seed * 1103515245 + 12345;
                    text[at] = alphabet[(int)((seed >> 16) % (uint)alphabet.Length)];
                }
                var shell = new Shell(new RecordingHost()) { CommandLimit = 500 };
                int status = shell.RunScript(text.ToString(), "fuzz", new[] { "p", "3", "2" });
                if (status >= 0 && status <= 255)
                    ended++;
            }
            if (ended == 1500)
                _passed++;
            else
                _failed++;

            Diagnostics.Print("shtest: " + _passed.ToString() + " passed, " + _failed.ToString() + " failed");
            return _failed == 0 ? 0 : 1;
        }
    }
}
