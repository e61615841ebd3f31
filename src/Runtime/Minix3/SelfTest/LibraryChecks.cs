using System;
using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Runtime
{
    // The everyday library: collections, StringBuilder, interpolation.
    public static unsafe partial class RuntimeSelfTest
    {
        private static void Library()
        {
            var list = new List<int>();
            for (int i = 0; i < 100; i++)
                list.Add(i * 3);
            list.Insert(0, -1);
            list.RemoveAt(50);
            list.Remove(-1);
            CheckEqual("list.count-after-edits", list.Count, 99);
            CheckEqual("list.index-of", list.IndexOf(30), 10);
            Check("list.contains", list.Contains(297) && !list.Contains(1));
            int listSum = 0;
            foreach (int value in list)
                listSum += value;
            CheckEqual("list.foreach", listSum, 3 * 4950 - 147);
            // Through the interface the struct enumerator is boxed and disposed
            // via IDisposable: this is the path that needs Object.m_pEEType.
            IEnumerable<int> sequence = list;
            int interfaceSum = 0;
            foreach (int value in sequence)
                interfaceSum += value;
            CheckEqual("list.foreach-through-interface", interfaceSum, listSum);
            var words = new List<string> { "pear", "apple", "fig", "banana", "kiwi", "plum", "date", "lime", "yam", "nut", "oat", "rye", "tea", "soy", "bean", "corn", "rice" };
            words.Sort((a, b) => string.CompareOrdinal(a, b));
            CheckEqual("list.sort", string.Concat(words[0], ",", words[1], ",", words[16]), "apple,banana,yam");

            var ages = new Dictionary<string, int>();
            ages["ada"] = 36;
            ages["alan"] = 41;
            ages.Add("grace", 85);
            ages["ada"] = 37;
            Check("dictionary.lookup", ages.TryGetValue("ada", out int ada) && ada == 37 && ages["grace"] == 85);
            Check("dictionary.missing", !ages.ContainsKey("linus") && !ages.TryGetValue("linus", out _));
            Check("dictionary.remove", ages.Remove("alan") && !ages.ContainsKey("alan") && ages.Count == 2);
            var squares = new Dictionary<int, long>();
            for (int i = 0; i < 1000; i++)
                squares[i] = (long)i * i;
            for (int i = 0; i < 1000; i += 2)
                squares.Remove(i);
            long squareSum = 0;
            foreach (KeyValuePair<int, long> pair in squares)
                squareSum += pair.Value - (long)pair.Key * pair.Key;
            Check("dictionary.int-keys-grow-and-remove", squares.Count == 500 && squareSum == 0 && squares[999] == 998001);

            var queue = new Queue<string>();
            for (int i = 0; i < 10; i++)
                queue.Enqueue(i.ToString());
            queue.Dequeue();
            queue.Enqueue("x");
            CheckEqual("queue.fifo", string.Concat(queue.Dequeue(), queue.Peek()), "12");
            CheckEqual("queue.count", queue.Count, 9);

            var builder = new StringBuilder();
            builder.Append("pid ").Append(42).Append(' ').Append(-7L).AppendLine();
            builder.Insert(0, "> ");
            CheckEqual("stringbuilder", builder.ToString(), "> pid 42 -7\n");

            int pid = 7;
            long address = 0xB8000;
            string label = "tty";
            CheckEqual("interpolation", $"{label}[{pid}] at 0x{address:X8}, {pid,3}|{label,-5}|", "tty[7] at 0x000B8000,   7|tty  |");
            CheckEqual("math", Math.Max(3, Math.Min(9, 5)) + Math.Abs(-4) + Math.Clamp(20, 0, 10), 19);
        }
    }
}
