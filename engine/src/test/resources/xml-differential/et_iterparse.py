# iterparse and XMLPullParser: the events and their order (start, end, namespaces, comments, PIs).
import io
import xml.etree.ElementTree as ET

DOC = (b'<?xml version="1.0" encoding="utf-8"?>'
       b'<feed xmlns="urn:atom" xmlns:x="urn:x"><!--head--><entry id="1"><title>One</title><x:meta k="v"/></entry>'
       b'<?proc inst?><entry id="2"><title>Two</title></entry></feed>')


def handler(events, context):
    out = []
    seen = []
    for event, item in ET.iterparse(io.BytesIO(DOC), events=('start', 'end', 'start-ns', 'end-ns', 'comment', 'pi')):
        if event in ('start', 'end'):
            seen.append([event, item.tag, item.get('id')])
        elif event == 'start-ns':
            seen.append([event, list(item)])
        elif event == 'end-ns':
            seen.append([event, item])
        elif event == 'comment':
            seen.append([event, item.text])
        else:
            seen.append([event, item.text])
    out.append(seen)
    pull = ET.XMLPullParser(events=('end',))
    titles = []
    for i in range(0, len(DOC), 7):
        pull.feed(DOC[i:i + 7])
        titles.extend(e.text for _, e in pull.read_events() if e.tag == '{urn:atom}title')
    pull.close()
    titles.extend(e.text for _, e in pull.read_events() if e.tag == '{urn:atom}title')
    out.append(titles)
    # Clearing elements as they end (the memory-saving idiom) still sees every one.
    count = 0
    for _, elem in ET.iterparse(io.BytesIO(DOC)):
        count += 1
        elem.clear()
    out.append(count)
    return out
