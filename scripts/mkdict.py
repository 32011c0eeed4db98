#!/usr/bin/python3
"""mkdict.py — builds the LZ4 dictionary the kiosk compresses stored records with (see
src/core/outbox.h), as C source (build/gen/lz4dict.c) or raw bytes (*.bin, for `lz4 -D`, and
for the web build, which fetches them after the first frame: `--web OUT.c` writes the C side
of that, the id, the length and a checksum, with room for the bytes but not the bytes).
Runs at build time on the standard library only; its output is never committed. It must
stay deterministic (no set order, no time, no environment): the same inputs must give the
same bytes and so the same dictionary id, or records queued on a device before an update
could no longer be decoded after it. PINNED_ID below makes any change to the bytes loud."""
import glob
import hashlib
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TRAIN_GLOB = os.path.join(ROOT, 'tests', 'corpus', 'comments', 'train', '*.txt')

# LZ4 refers back at most 64 KiB: bytes before the last 64 KiB would never be used.
MAX_BYTES = 64 * 1024

# The id of the dictionary these inputs make. Records stored on a device carry the id of
# the dictionary they were compressed with, and a build can only decode its own: changing
# any input below (or the corpus) makes every record still queued on a kiosk undecodable by
# the new build (quarantined, not lost, but not uploaded either). So a change must be
# deliberate: drain the kiosks first (or keep the old dictionary), then update the pin.
PINNED_ID = 0xbfa3b612

# Common words and phrases of comment prose, function words first. LZ4 needs 4 matching
# bytes and a match costs about 3, so what pays is whole words with their spaces, and
# phrases: the lists are written as the prose around them would be, space separated.
PHRASES = {
    'en': """the of and to in that for is are on with as be by this which not have from
        we our their they it at or an was were has been will would can could should must
        also more other all such these those there when where how what who its into than
        only between within without through during before after because however including
        Thank you, Chair. Thank you very much. Thank you for the briefing. Thank you to the
        panellists. I would like to ask the panel how I would like to thank I want to
        We would like to We ask States to We urge States to We recommend that States We call
        on States to We welcome the We support the call to Could the panel Could the
        secretariat explain In our experience, In our country In our region On behalf of
        smuggling of migrants the smuggling of migrants smuggled migrants migrant smuggling
        trafficking in persons human trafficking victims of trafficking victims of crime
        smugglers smuggling networks criminal networks organized crime migrants and refugees
        the Protocol against the Smuggling of Migrants by Land, Sea and Air the Convention
        United Nations Convention against Transnational Organized Crime and the Protocols
        thereto the Working Group on Smuggling of Migrants the review mechanism the review
        process the constructive dialogue the Conference of the Parties States parties
        Member States the secretariat UNODC UNTOC non-governmental organizations NGOs civil
        society organizations civil society academia the private sector stakeholders
        countries of origin, transit and destination human rights human rights defenders
        access to justice protection and assistance a victim-centred approach victim-centered
        human-rights based approach legal identity travel documents documentation passports
        regular migration pathways regular pathways irregular migration border control at
        borders screening identification referral shelters humanitarian assistance
        criminalization decriminalize prosecution investigation prosecutors judges lawyers
        the judiciary law enforcement police border guards officers training capacity
        building awareness raising prevention cooperation collaboration coordination
        cross-border cooperation mutual legal assistance evidence witnesses families
        children unaccompanied children women and girls gender-based violence exploitation
        debt bondage forced labour recruitment fees technology digital tools social media
        online platforms the Internet encrypted messaging data collection data protection
        personal data research indicators good practices lessons learned national
        coordination mechanisms national committee indigenous communities root causes of
        migration natural disasters climate change financial resources funding donors
        technical assistance implementation recommendations government authorities
        retaliation embassies and consulates Casa Monarca Migrant Forum in Asia Rapha
        International representative panelist panellist speaker delegates participants
        inclusivity participation transparency accountability effectiveness efficiency """,
    'fr': """de la le les des du et en un une que qui dans pour par sur avec est sont pas ne
        au aux ce cette ces leur leurs nous vous ils elles il elle son sa ses plus aussi
        être ont été doit doivent peut peuvent comme mais ou où très tous toutes entre
        Merci, Monsieur le Président. Merci, Madame la Présidente. Merci pour cette
        présentation. Je voudrais poser une question aux panélistes Je souhaite souligner
        Nous demandons aux États de Nous recommandons Nous appelons Nous saluons Au nom de
        trafic illicite de migrants le trafic illicite de migrants migrants objet d'un trafic
        traite des personnes traite des êtres humains passeurs réseaux de passeurs victimes
        criminalité organisée transnationale la Convention des Nations Unies contre la
        le Protocole contre le trafic illicite de migrants par terre, air et mer le Groupe
        de travail le mécanisme d'examen le processus d'examen le dialogue constructif les
        États parties la Conférence des Parties le secrétariat l'ONUDC les organisations non
        gouvernementales les ONG la société civile le monde universitaire le secteur privé
        pays d'origine, de transit et de destination droits de l'homme droits humains accès
        à la justice protection et assistance approche centrée sur les victimes documents
        de voyage pièces d'identité état civil voies de migration régulières frontières
        identification orientation hébergement assistance humanitaire criminalisation
        poursuites enquêtes procureurs juges avocats magistrats greffiers forces de l'ordre
        police gardes-frontières formation renforcement des capacités sensibilisation
        prévention coopération coordination témoins familles enfants non accompagnés femmes
        et filles violences exploitation travail forcé technologie outils numériques réseaux
        sociaux plateformes en ligne collecte de données protection des données recherche
        indicateurs bonnes pratiques mécanismes nationaux de coordination causes profondes
        catastrophes naturelles changement climatique ressources financières assistance
        technique mise en œuvre recommandations gouvernements autorités représailles
        ambassades et consulats représentant panéliste intervenant participants """,
    'es': """de la el los las del y en un una que por para con es son no se su sus al lo
        como más también pero o muy todos todas entre sobre sin desde hasta nuestra nuestro
        Gracias, señor Presidente. Gracias, señora Presidenta. Gracias por la presentación.
        Quisiera preguntar a los panelistas Quiero señalar Pedimos a los Estados que
        Recomendamos que Hacemos un llamado a Valoramos En nombre de En nuestra experiencia
        tráfico ilícito de migrantes el tráfico ilícito de migrantes migrantes objeto de
        tráfico trata de personas traficantes redes de tráfico víctimas delincuencia
        organizada transnacional la Convención de las Naciones Unidas contra la el
        Protocolo contra el tráfico ilícito de migrantes por tierra, mar y aire el Grupo de
        trabajo el mecanismo de examen el proceso de examen el diálogo constructivo los
        Estados parte la Conferencia de las Partes la secretaría la UNODC las
        organizaciones no gubernamentales las ONG la sociedad civil la academia el sector
        privado países de origen, tránsito y destino derechos humanos acceso a la justicia
        protección y asistencia enfoque centrado en las víctimas documentos de viaje
        documentos de identidad vías regulares de migración fronteras identificación
        derivación albergues asistencia humanitaria criminalización enjuiciamiento
        investigación fiscales jueces abogados defensores operadores de justicia fuerzas
        del orden policía capacitación fortalecimiento de capacidades sensibilización
        prevención cooperación coordinación testigos familias niños, niñas y adolescentes
        no acompañados mujeres y niñas violencia explotación trabajo forzoso tecnología
        herramientas digitales redes sociales plataformas en línea recopilación de datos
        protección de datos investigación indicadores buenas prácticas mecanismos
        nacionales de coordinación comunidades indígenas causas profundas desastres
        naturales cambio climático recursos financieros asistencia técnica implementación
        recomendaciones gobiernos autoridades represalias embajadas y consulados
        representante panelista participantes """,
}

# The record lines of docs/interface.md §3 as src/core/record.c writes them (cJSON, compact, keys in
# this order). Values that are random (UUIDs) or free text are left out; the parts that
# repeat in every line are what the dictionary is for. They come last: nearest the data.
# The ids of the default event (assets/events/untoc-som-2022.json) are copied here rather
# than read from it, so that editing an event never changes the dictionary (see PINNED_ID);
# another event's records only miss these few bytes of savings.
EVENT_ID = 'untoc-wg-som-9-cd-2022'
AGENDA_IDS = ['opening', 'briefing', 'closing', 'panel-cluster-1', 'inputs']
PANELLIST_IDS = ['rapha-international', 'migrant-forum-in-asia', 'casa-monarca']
CATEGORIES = ['other', 'private_sector', 'academia', 'ngo']
LANGUAGES = ['es', 'fr', 'en']


def skeletons():
    """Registration first, then comments (the more frequent kind) nearest the end."""
    parts = ['{"v":1,"type":"registration","id":"', '","event":"%s","device":"' % EVENT_ID,
             '","created":"2022-07-01T', '.000Z","name":"', '","organization":"']
    parts += ['","category":"%s","country":"' % c for c in CATEGORIES]
    parts += ['","email":"', '","publish_consent":false}', '","publish_consent":true}']
    parts += ['","agenda_item":"%s","addressed_to":"' % a for a in AGENDA_IDS]
    parts += ['","addressed_to":"%s","language":"' % p for p in PANELLIST_IDS]
    parts += ['","language":"%s","text":"' % lang for lang in LANGUAGES]
    parts += ['","agenda_item":"%s","addressed_to":null,"language":"' % a for a in AGENDA_IDS]
    parts += ['{"v":1,"type":"comment","id":"', '","event":"%s","device":"' % EVENT_ID,
              '","created":"2022-07-01T', '","participant":"', '","agenda_item":"inputs"',
              ',"addressed_to":null,"language":"en","text":"', '"}']
    return ''.join(parts)


def phrase_text():
    """The phrase lists, one line per language, white space normalised."""
    return ''.join(' '.join(PHRASES[lang].split()) + '\n' for lang in ('es', 'fr', 'en'))


def corpus_text():
    """The training comments, in file name order, one per line as they sit in a record."""
    parts = []
    for path in sorted(glob.glob(TRAIN_GLOB)):
        with open(path, encoding='utf-8') as f:
            parts.append(' '.join(f.read().split()))
    if not parts:
        sys.exit('mkdict.py: no training comments under ' + os.path.dirname(TRAIN_GLOB))
    return '\n'.join(parts) + '\n'


def build():
    # Least specific first: if the total ever grows past 64 KiB, the start is what LZ4
    # forgets, and the skeletons (in every record) must be the last thing it forgets.
    data = (phrase_text() + corpus_text()).encode('utf-8') + skeletons().encode('utf-8')
    if len(data) > MAX_BYTES:
        data = data[-MAX_BYTES:]
    dict_id = int.from_bytes(hashlib.sha256(data).digest()[:4], 'big')
    return data, dict_id or 1  # 0 means "no dictionary" in an LZ4 frame


def c_source(data, dict_id, web=False):
    lines = [
        '/* lz4dict.c — generated by scripts/mkdict.py from its phrase lists and',
        ' * tests/corpus/comments/train/: the LZ4 dictionary of stored records. Never edit,',
        ' * never commit; it must only change together with PINNED_ID in the script. */',
        '#include "core/outbox.h"',
        '',
    ]
    if web:
        # The web build: room for the bytes, filled by outbox_install_dict once fetched.
        lines.append('static unsigned char lz4dict_bytes[%d];' % len(data))
    else:
        lines.append('static const unsigned char lz4dict_bytes[%d] = {' % len(data))
        for i in range(0, len(data), 16):
            lines.append('    ' + ' '.join('0x%02x,' % b for b in data[i:i + 16]))
        lines.append('};')
    lines += [
        '',
        'const CodecDict lz4dict = {0x%08xu, lz4dict_bytes, sizeof lz4dict_bytes};' % dict_id,
        'const bool lz4dict_compiled_in = %s;' % ('false' if web else 'true'),
        'const uint64_t lz4dict_fnv1a = 0x%016xu;' % fnv1a64(data),
        '',
    ]
    return '\n'.join(lines)


def fnv1a64(data):
    """FNV-1a, 64 bits: what outbox_install_dict checks fetched bytes against."""
    h = 0xcbf29ce484222325
    for b in data:
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return h


def main(argv):
    web = len(argv) == 3 and argv[1] == '--web'
    if web:
        argv = [argv[0], argv[2]]
    if len(argv) != 2 or argv[1] in ('-h', '--help'):
        print('usage: mkdict.py OUT.c | --web OUT.c | OUT.bin | --print-id', file=sys.stderr)
        return 2
    data, dict_id = build()
    if argv[1] == '--print-id':
        print('0x%08x (%d bytes)' % (dict_id, len(data)))
        return 0
    if PINNED_ID is not None and dict_id != PINNED_ID:
        print('mkdict.py: the dictionary changed (id 0x%08x, pinned 0x%08x). Records queued on '
              'kiosks under the old id could not be decoded by this build; if the change is '
              'intended, drain the kiosks first and set PINNED_ID = 0x%08x in %s.'
              % (dict_id, PINNED_ID, dict_id, argv[0]), file=sys.stderr)
        return 1
    out = argv[1]
    tmp = out + '.tmp'
    if out.endswith('.bin'):
        with open(tmp, 'wb') as f:
            f.write(data)
    else:
        with open(tmp, 'w', encoding='utf-8') as f:
            f.write(c_source(data, dict_id, web))
    os.replace(tmp, out)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
