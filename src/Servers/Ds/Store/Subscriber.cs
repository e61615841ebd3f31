using System.Collections.Generic;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Servers.Ds.Store
{
    // One subscribing component, by label: its patterns, where to notify it,
    // and the changes it has not checked yet. Pending changes are kept per
    // key (a newer change of the same key replaces the older), in the order
    // the keys first changed, and bounded: past the limit new keys are not
    // recorded but the subscriber is told on its next Check that changes
    // were lost, so it can re-read what it needs instead of trusting a
    // silently incomplete list.
    public sealed class Subscriber
    {
        private readonly List<string> _patterns = new List<string>();
        private readonly List<Change> _pending = new List<Change>();
        private readonly int _maxPending;
        private bool _lost;

        public Subscriber(string label, Endpoint endpoint, int maxPending)
        {
            Label = label;
            Endpoint = endpoint;
            _maxPending = maxPending;
        }

        public string Label { get; }

        // The last endpoint the label was seen at; the server replaces it when
        // a notification finds it dead (the component was restarted).
        public Endpoint Endpoint { get; set; }

        public int PatternCount => _patterns.Count;
        public int PendingCount => _pending.Count;

        public bool HasPattern(string pattern) => _patterns.Contains(pattern);

        internal void AddPattern(string pattern) => _patterns.Add(pattern);

        public bool Matches(string key)
        {
            for (int i = 0; i < _patterns.Count; i++)
            {
                if (KeyPattern.Matches(_patterns[i], key))
                    return true;
            }
            return false;
        }

        internal void Record(Change change)
        {
            for (int i = 0; i < _pending.Count; i++)
            {
                if (_pending[i].Key == change.Key)
                {
                    _pending[i] = change;
                    return;
                }
            }
            if (_pending.Count >= _maxPending)
            {
                _lost = true;
                return;
            }
            _pending.Add(change);
        }

        // Ok with the oldest pending change; ChangesLost once after an
        // overflow (before the changes that were kept); NotFound when nothing
        // is pending.
        internal int Take(out Change change)
        {
            change = default;
            if (_lost)
            {
                _lost = false;
                return DataStoreStatus.ChangesLost;
            }
            if (_pending.Count == 0)
                return DataStoreStatus.NotFound;
            change = _pending[0];
            _pending.RemoveAt(0);
            return Status.Ok;
        }
    }
}
