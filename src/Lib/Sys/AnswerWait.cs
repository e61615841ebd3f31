using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Lib.Sys
{
    // Waiting, with a bound, for the answer of a component one has sent a
    // request to, in a server whose loop must not block for ever on it (FS
    // on ata, TTY on the serial driver). A driver may take a request and
    // never answer it while it still answers RS's heartbeats (a bug: a
    // reply skipped, a condition inverted), so only its client's deadline
    // can find it. Receive returns the first message from the peer, or says
    // the peer is gone or the time is up; meanwhile RS's pings are answered
    // and everything else is kept, in order, for the server's main loop
    // (TakeKept first, then Receive). It uses the caller's one kernel alarm:
    // for servers whose loop keeps no alarm of its own while they wait.
    public static unsafe class AnswerWait
    {
        // Receive's result when the peer is alive and did not answer in time.
        public const int NoAnswer = int.MinValue;

        // More than any server's clients have in flight at once (VFS keeps
        // at most 16 calls); a fuller store waits for the peer alone.
        private const int MaxKept = 64;
        private static readonly Message[] s_kept = new Message[MaxKept];
        private static int s_keptFirst, s_keptCount;

        // The first message from `peer` into `into` (Status.Ok),
        // Status.DeadEndpoint when peer has ended, or NoAnswer once the
        // uptime passes `deadlineMs`.
        public static int Receive(Endpoint peer, long deadlineMs, Message* into)
        {
            Devices.SetAlarm(Remaining(deadlineMs));
            Message incoming;
            while (true)
            {
                // Nowhere left to keep others' messages: they stay queued in
                // the kernel and only the peer is heard (without the bound).
                if (s_keptCount == MaxKept)
                {
                    return Ipc.Receive(peer, into);
                }
                if (Ipc.Receive(Endpoint.Any, &incoming) != Status.Ok)
                    continue;
                if (incoming.Source == peer.Value && incoming.Type != KernelMessageType.Notification)
                {
                    *into = incoming;
                    return Status.Ok;
                }
                bool alarm = incoming.Source == Endpoint.Kernel.Value && incoming.Type == KernelMessageType.Notification
                    && NotificationMessage.Of(&incoming)->Alarm != 0;
                // The alarm is kept too: the loop may have its own tick,
                // which this wait's alarm replaced.
                if (!Reincarnation.AnswerPing(&incoming))
                    Keep(&incoming);
                // The alarm, or another component's notice (DS: a restart):
                // the peer may be gone, or the time up.
                if (alarm || incoming.Type == KernelMessageType.Notification)
                {
                    if (!Endpoints.Describe(peer.Value, out _))
                        return Status.DeadEndpoint;
                    if (Process.UptimeMs() >= deadlineMs)
                        return NoAnswer;
                    if (alarm)
                        Devices.SetAlarm(Remaining(deadlineMs));
                }
            }
        }

        private static long Remaining(long deadlineMs)
        {
            long wait = deadlineMs - Process.UptimeMs();
            return wait < 1 ? 1 : wait;
        }

        // A message that arrived while the caller waited for something else
        // (here, or Reincarnation's requests to RS), for its main loop. With
        // the store full (Receive never fills it) it is dropped, and said.
        public static void Keep(Message* incoming)
        {
            if (s_keptCount == MaxKept)
            {
                Diagnostics.Print(string.Concat("lost a message of type ", incoming->Type.ToString(), " from ", incoming->Source.ToString(), ": no room to keep it"));
                return;
            }
            s_kept[(s_keptFirst + s_keptCount) % MaxKept] = *incoming;
            s_keptCount++;
        }

        // The oldest message kept while waiting, if any.
        public static bool TakeKept(Message* into)
        {
            if (s_keptCount == 0)
                return false;
            *into = s_kept[s_keptFirst];
            s_keptFirst = (s_keptFirst + 1) % MaxKept;
            s_keptCount--;
            return true;
        }
    }
}
