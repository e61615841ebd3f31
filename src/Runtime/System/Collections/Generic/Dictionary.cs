namespace System.Collections.Generic
{
    // A hash table with separate chaining through an entry array (no
    // per-entry objects): buckets hold 1-based indexes of the first entry,
    // entries link to the next in their chain; removed entries form a free
    // list. Iteration yields entries in insertion order until a removal.
    public class Dictionary<TKey, TValue> where TKey : notnull
    {
        private struct Entry
        {
            internal int HashCode;   // -1: free
            internal int Next;       // index of the next entry in the chain, -1 at the end
            internal TKey Key;
            internal TValue Value;
        }

        private int[] _buckets;
        private Entry[] _entries;
        private int _used;
        private int _count;
        private int _freeList = -1;

        public Dictionary() : this(8) { }

        public Dictionary(int capacity)
        {
            if (capacity < 1)
                capacity = 1;
            _buckets = new int[capacity];
            _entries = new Entry[capacity];
        }

        public int Count => _count;

        public TValue this[TKey key]
        {
            get
            {
                int index = Find(key);
                if (index < 0)
                    throw new KeyNotFoundException();
                return _entries[index].Value;
            }
            set => Insert(key, value, overwrite: true);
        }

        public void Add(TKey key, TValue value)
        {
            if (!Insert(key, value, overwrite: false))
                throw new ArgumentException("An item with the same key has already been added.");
        }

        public bool TryAdd(TKey key, TValue value) => Insert(key, value, overwrite: false);

        public bool ContainsKey(TKey key) => Find(key) >= 0;

        public bool TryGetValue(TKey key, out TValue value)
        {
            int index = Find(key);
            if (index < 0)
            {
                value = default!;
                return false;
            }
            value = _entries[index].Value;
            return true;
        }

        public bool Remove(TKey key)
        {
            int hash = Hash(key);
            int bucket = hash % _buckets.Length;
            int previous = -1;
            for (int i = _buckets[bucket] - 1; i >= 0; previous = i, i = _entries[i].Next)
            {
                if (_entries[i].HashCode != hash || !EqualityComparer<TKey>.Default.Equals(_entries[i].Key, key))
                    continue;
                if (previous < 0)
                    _buckets[bucket] = _entries[i].Next + 1;
                else
                    _entries[previous].Next = _entries[i].Next;
                _entries[i] = default;
                _entries[i].HashCode = -1;
                _entries[i].Next = _freeList;
                _freeList = i;
                _count--;
                return true;
            }
            return false;
        }

        public void Clear()
        {
            for (int i = 0; i < _buckets.Length; i++)
                _buckets[i] = 0;
            for (int i = 0; i < _used; i++)
                _entries[i] = default;
            _used = 0;
            _count = 0;
            _freeList = -1;
        }

        private static int Hash(TKey key) => EqualityComparer<TKey>.Default.GetHashCode(key) & 0x7FFFFFFF;

        private int Find(TKey key)
        {
            int hash = Hash(key);
            for (int i = _buckets[hash % _buckets.Length] - 1; i >= 0; i = _entries[i].Next)
            {
                if (_entries[i].HashCode == hash && EqualityComparer<TKey>.Default.Equals(_entries[i].Key, key))
                    return i;
            }
            return -1;
        }

        private bool Insert(TKey key, TValue value, bool overwrite)
        {
            int existing = Find(key);
            if (existing >= 0)
            {
                if (overwrite)
                    _entries[existing].Value = value;
                return overwrite;
            }
            int index;
            if (_freeList >= 0)
            {
                index = _freeList;
                _freeList = _entries[index].Next;
            }
            else
            {
                if (_used == _entries.Length)
                    Resize(_entries.Length * 2);
                index = _used++;
            }
            int hash = Hash(key);
            int bucket = hash % _buckets.Length;
            _entries[index].HashCode = hash;
            _entries[index].Key = key;
            _entries[index].Value = value;
            _entries[index].Next = _buckets[bucket] - 1;
            _buckets[bucket] = index + 1;
            _count++;
            return true;
        }

        private void Resize(int capacity)
        {
            var entries = new Entry[capacity];
            for (int i = 0; i < _used; i++)
                entries[i] = _entries[i];
            _entries = entries;
            _buckets = new int[capacity];
            for (int i = 0; i < _used; i++)
            {
                if (_entries[i].HashCode < 0)
                    continue;
                int bucket = _entries[i].HashCode % capacity;
                _entries[i].Next = _buckets[bucket] - 1;
                _buckets[bucket] = i + 1;
            }
        }

        public Enumerator GetEnumerator() => new Enumerator(this);

        public struct Enumerator
        {
            private readonly Dictionary<TKey, TValue> _dictionary;
            private int _index;

            internal Enumerator(Dictionary<TKey, TValue> dictionary)
            {
                _dictionary = dictionary;
                _index = -1;
            }

            public bool MoveNext()
            {
                while (++_index < _dictionary._used)
                {
                    if (_dictionary._entries[_index].HashCode >= 0)
                        return true;
                }
                return false;
            }

            public KeyValuePair<TKey, TValue> Current =>
                new KeyValuePair<TKey, TValue>(_dictionary._entries[_index].Key, _dictionary._entries[_index].Value);
        }
    }
}
