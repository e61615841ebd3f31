// A process's bounded queue of messages that arrived while it was not
// receiving: SendAsync from other processes and kernel messages (defect
// reports). The storage is allocated once with the process slot.
//
// Ring buffer: entries [0, Count) are slots (head + i) % Capacity, oldest
// first. Kernel messages may use every entry; SendAsync stops KernelReserve
// entries short, so a flood of asynchronous sends cannot make the kernel drop
// a defect report.
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Kernel.Ipc;

internal sealed class MessageQueue
{
    public const int Capacity = 8;
    public const int KernelReserve = 2;
    public const int AsyncCapacity = Capacity - KernelReserve;

    private readonly Message[] entries = new Message[Capacity];
    private int head;
    private int count;

    public int Count => count;

    /// <summary>Entry i, 0 = oldest; i &lt; Count.</summary>
    public ref Message At(int i) => ref entries[(head + i) % Capacity];

    /// <summary>Appends at the tail; false (and nothing stored) when Count has reached
    /// <paramref name="limit"/>.</summary>
    public bool Enqueue(in Message message, int limit)
    {
        if (count >= limit || count >= Capacity)
            return false;
        entries[(head + count) % Capacity] = message;
        count++;
        return true;
    }

    /// <summary>The oldest entry from <paramref name="source"/> (any source for Endpoint.Any), or -1.</summary>
    public int Find(Endpoint source)
    {
        for (int i = 0; i < count; i++)
        {
            if (source.IsAny || At(i).Source == source.Value)
                return i;
        }
        return -1;
    }

    /// <summary>Removes entry i, keeping the others in order.</summary>
    public void RemoveAt(int i)
    {
        for (int j = i; j > 0; j--)
            At(j) = At(j - 1);
        entries[head] = default;
        head = (head + 1) % Capacity;
        count--;
    }

    public void Clear()
    {
        for (int i = 0; i < Capacity; i++)
            entries[i] = default;
        head = count = 0;
    }
}
