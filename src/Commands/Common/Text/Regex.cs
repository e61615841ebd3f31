using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Common.Text;

// A compiled POSIX regular expression (RegexParser's syntax) and the
// matcher grep needs: does the pattern match anywhere in a line. The
// expression becomes a small program for a Thompson automaton (Split and
// Jump instructions for alternatives and repeats), run over the line
// once, all threads in step: time is the line's length times the
// program's size, whatever the pattern, so no input can make grep hang
// (a backtracking matcher takes exponential time on "(a*)*b").
public sealed class Regex
{
    // Programs beyond this many instructions are refused: intervals
    // multiply ("(a{255}){255}").
    public const int MaxProgram = 50000;

    private enum Op : byte { Set, Split, Jump, LineStart, LineEnd, Match }

    private struct Instruction
    {
        public Op Op;
        public int X, Y;        // Split: both targets; Jump: X
        public ByteSet? Set;
    }

    private readonly List<Instruction> _program = new List<Instruction>();
    // The automaton's two thread lists, and the step each instruction was
    // last added in (the sparse "already on the list" test).
    private int[] _current = new int[0], _next = new int[0], _addedAt = new int[0];
    private readonly List<int> _stack = new List<int>();

    private Regex() { }

    // null, with a message, for a pattern that does not parse.
    public static Regex? Compile(byte[] pattern, bool extended, bool ignoreCase, out string? error)
    {
        RegexNode? tree = RegexParser.Parse(pattern, extended, out error);
        if (tree == null)
            return null;
        var regex = new Regex();
        if (!regex.Emit(tree, ignoreCase))
        {
            error = "regular expression too large";
            return null;
        }
        regex.Add(Op.Match);
        int size = regex._program.Count;
        regex._current = new int[size];
        regex._next = new int[size];
        regex._addedAt = new int[size];
        return regex;
    }

    // A fixed string (grep -F): every byte stands for itself.
    public static Regex Literal(byte[] text, bool ignoreCase)
    {
        var sequence = new RegexSequence();
        foreach (byte b in text)
            sequence.Items.Add(new RegexSet(ByteSet.Of(b)));
        var regex = new Regex();
        regex.Emit(sequence, ignoreCase);
        regex.Add(Op.Match);
        int size = regex._program.Count;
        regex._current = new int[size];
        regex._next = new int[size];
        regex._addedAt = new int[size];
        return regex;
    }

    public int ProgramSize => _program.Count;

    // True when the expression matches some part of line (^ and $ match at
    // its start and end).
    public bool IsMatch(System.ReadOnlySpan<byte> line)
    {
        for (int i = 0; i < _addedAt.Length; i++)
            _addedAt[i] = -1;
        int currentCount = 0;
        for (int at = 0; ; at++)
        {
            // Unanchored: a new thread may start at every position.
            if (Follow(0, at, line.Length, _current, ref currentCount))
                return true;
            if (at == line.Length)
                break;
            int nextCount = 0;
            byte b = line[at];
            for (int t = 0; t < currentCount; t++)
            {
                Instruction instruction = _program[_current[t]];
                if (instruction.Op == Op.Set && instruction.Set!.Contains(b))
                {
                    if (Follow(_current[t] + 1, at + 1, line.Length, _next, ref nextCount))
                        return true;
                }
            }
            int[] swap = _current;
            _current = _next;
            _next = swap;
            currentCount = nextCount;
        }
        return false;
    }

    // Adds pc and everything reachable from it without consuming a byte
    // (at position `at` of a line `length` long) to list; true when Match
    // is reached.
    private bool Follow(int pc, int at, int length, int[] list, ref int count)
    {
        _stack.Clear();
        _stack.Add(pc);
        while (_stack.Count > 0)
        {
            int top = _stack[_stack.Count - 1];
            _stack.RemoveAt(_stack.Count - 1);
            // Every list holds the threads at one position: an instruction
            // already on it is not added twice (this also ends loops of
            // Splits that consume nothing, as in "(a*)*").
            if (_addedAt[top] == at)
                continue;
            _addedAt[top] = at;
            Instruction instruction = _program[top];
            switch (instruction.Op)
            {
                case Op.Match:
                    return true;
                case Op.Jump:
                    _stack.Add(instruction.X);
                    break;
                case Op.Split:
                    // Y pushed first so X is followed first (order does not
                    // change whether a line matches).
                    _stack.Add(instruction.Y);
                    _stack.Add(instruction.X);
                    break;
                case Op.LineStart:
                    if (at == 0)
                        _stack.Add(top + 1);
                    break;
                case Op.LineEnd:
                    if (at == length)
                        _stack.Add(top + 1);
                    break;
                default:
                    list[count++] = top;
                    break;
            }
        }
        return false;
    }

    private int Add(Op op, int x = 0, int y = 0, ByteSet? set = null)
    {
        _program.Add(new Instruction { Op = op, X = x, Y = y, Set = set });
        return _program.Count - 1;
    }

    private void Patch(int at, int x, int y)
    {
        Instruction instruction = _program[at];
        instruction.X = x;
        instruction.Y = y;
        _program[at] = instruction;
    }

    // Appends the node's instructions; false when the program grows past MaxProgram.
    private bool Emit(RegexNode node, bool ignoreCase)
    {
        if (_program.Count > MaxProgram)
            return false;
        switch (node)
        {
            case RegexSet literal:
                ByteSet set = literal.Set;
                if (ignoreCase)
                {
                    set = new ByteSet();
                    set.AddAll(literal.Set);
                    set.FoldCase();
                }
                Add(Op.Set, set: set);
                return true;
            case RegexAnchor anchor:
                Add(anchor.Start ? Op.LineStart : Op.LineEnd);
                return true;
            case RegexSequence sequence:
                foreach (RegexNode item in sequence.Items)
                {
                    if (!Emit(item, ignoreCase))
                        return false;
                }
                return true;
            case RegexAlternation alternation:
                return EmitAlternation(alternation, 0, ignoreCase);
            default:
                return EmitRepeat((RegexRepeat)node, ignoreCase);
        }
    }

    // a|b|c as Split(a, Split(b, c)), each branch jumping past the rest.
    private bool EmitAlternation(RegexAlternation alternation, int from, bool ignoreCase)
    {
        if (from == alternation.Choices.Count - 1)
            return Emit(alternation.Choices[from], ignoreCase);
        int split = Add(Op.Split);
        if (!Emit(alternation.Choices[from], ignoreCase))
            return false;
        int jump = Add(Op.Jump);
        int second = _program.Count;
        if (!EmitAlternation(alternation, from + 1, ignoreCase))
            return false;
        Patch(split, split + 1, second);
        Patch(jump, _program.Count, 0);
        return true;
    }

    // x{m,n}: m copies of x, then n-m optional ones (or x* when unbounded).
    private bool EmitRepeat(RegexRepeat repeat, bool ignoreCase)
    {
        for (int i = 0; i < repeat.Min; i++)
        {
            if (!Emit(repeat.Body, ignoreCase))
                return false;
        }
        if (repeat.Max < 0)
        {
            // L: Split(body, out); body; Jump L
            int loop = Add(Op.Split);
            if (!Emit(repeat.Body, ignoreCase))
                return false;
            Add(Op.Jump, loop);
            Patch(loop, loop + 1, _program.Count);
            return true;
        }
        var splits = new List<int>();
        for (int i = repeat.Min; i < repeat.Max; i++)
        {
            splits.Add(Add(Op.Split));
            if (!Emit(repeat.Body, ignoreCase))
                return false;
        }
        foreach (int split in splits)
            Patch(split, split + 1, _program.Count);
        return true;
    }
}
