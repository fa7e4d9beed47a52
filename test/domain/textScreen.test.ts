import { describe, it, expect } from 'vitest';
import { foldVietnamese, screenText } from '../../domain/textScreen.ts';

const CLEAN = { suspicious: false, fragments: [] };

describe('foldVietnamese', () => {
  it('lower-cases and removes diacritics', () => {
    expect(foldVietnamese('Tuần Giáo')).toBe('tuan giao');
    expect(foldVietnamese('Mường Ảng')).toBe('muong ang');
    expect(foldVietnamese('HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG')).toBe('hoi dong thi dua – khen thuong');
  });

  it('maps đ and Đ to d explicitly (they do not decompose under NFD)', () => {
    expect('đ'.normalize('NFD')).toBe('đ');
    expect(foldVietnamese('Điện Biên Phủ')).toBe('dien bien phu');
    expect(foldVietnamese('đánh bài')).toBe('danh bai');
  });

  it('maps Ð (U+00D0, drawn like Đ) and ð to d as well', () => {
    expect(foldVietnamese('\u00D0iện Biên')).toBe('dien bien');
    expect(foldVietnamese('\u00F0')).toBe('d');
  });

  it('folds every Vietnamese vowel with every tone', () => {
    const vowels: [string, string][] = [
      ['aàáảãạăằắẳẵặâầấẩẫậ', 'a'],
      ['eèéẻẽẹêềếểễệ', 'e'],
      ['iìíỉĩị', 'i'],
      ['oòóỏõọôồốổỗộơờớởỡợ', 'o'],
      ['uùúủũụưừứửữự', 'u'],
      ['yỳýỷỹỵ', 'y'],
    ];
    for (const [letters, base] of vowels) {
      expect(foldVietnamese(letters)).toBe(base.repeat(letters.length));
      expect(foldVietnamese(letters.toUpperCase())).toBe(base.repeat(letters.length));
    }
  });

  it('gives the same result for NFC and NFD input', () => {
    const nfd = 'Tuần Giáo'.normalize('NFD');
    expect(nfd).not.toBe('Tuần Giáo');
    expect(foldVietnamese(nfd)).toBe('tuan giao');
  });

  it('drops zero-width and other invisible format characters', () => {
    expect(foldVietnamese('bầu\u200B cua')).toBe('bau cua');
    expect(foldVietnamese('b\u00ADầ\u200Du\uFEFF')).toBe('bau');
  });

  it('leaves digits, punctuation and spaces as they are', () => {
    expect(foldVietnamese('Đạt 105%, 1.234.567 đồng; TP.HCM')).toBe('dat 105%, 1.234.567 dong; tp.hcm');
    expect(foldVietnamese('')).toBe('');
  });
});

describe('screenText: gambling terms', () => {
  it("flags the seed article's spam 'hình bầu cua tôm cá'", () => {
    expect(screenText('hình bầu cua tôm cá')).toEqual({ suspicious: true, fragments: ['bầu cua', 'tôm cá'] });
  });

  it('flags the spam where it replaced a district name in a sentence', () => {
    const text = 'Năm 2018, UBND huyện hình bầu cua tôm cá trao cờ thi đua cho huyện Điện Biên.';
    expect(screenText(text)).toEqual({ suspicious: true, fragments: ['bầu cua', 'tôm cá'] });
  });

  it('catches an NFD-encoded term and reports it in NFC', () => {
    const nfd = 'hình bầu cua tôm cá'.normalize('NFD');
    expect(nfd).not.toBe('hình bầu cua tôm cá');
    expect(screenText(nfd)).toEqual({ suspicious: true, fragments: ['bầu cua', 'tôm cá'] });
  });

  it('does not flag an NFD-encoded place name', () => {
    expect(screenText('UBND huyện Tuần Giáo'.normalize('NFD'))).toEqual(CLEAN);
    expect(screenText('Tuần Giáo'.normalize('NFD'))).toEqual(CLEAN);
  });

  it('catches terms with zero-width characters inside them', () => {
    expect(screenText('hình bầu\u200B cua')).toEqual({ suspicious: true, fragments: ['bầu cua'] });
    expect(screenText('c\u200Bá c\u200Dư\u2060ợc bóng đá')).toEqual({ suspicious: true, fragments: ['cá cược'] });
    expect(screenText('\uFEFFnhà\u200C cái uy tín')).toEqual({ suspicious: true, fragments: ['nhà cái'] });
  });

  it('catches a term split by a soft hyphen, and reports the piece as written', () => {
    expect(screenText('chơi tài\u00ADxỉu')).toEqual({ suspicious: true, fragments: ['tài\u00ADxỉu'] });
  });

  it.each([
    'bầu cua',
    'tôm cá',
    'cá cược',
    'cá độ',
    'nhà cái',
    'xóc đĩa',
    'lô đề',
    'số đề',
    'tài xỉu',
    'nổ hũ',
    'game bài',
    'đánh bài',
    'casino',
    'cược',
    'slot game',
    'bắn cá',
  ])('flags %j in a sentence', (term) => {
    expect(screenText(`Tham gia ${term} ngay hôm nay`)).toEqual({ suspicious: true, fragments: [term] });
  });

  it('matches whatever the case, and reports the original case', () => {
    expect(screenText('BẦU CUA TÔM CÁ')).toEqual({ suspicious: true, fragments: ['BẦU CUA', 'TÔM CÁ'] });
    expect(screenText('Nhà Cái Casino')).toEqual({ suspicious: true, fragments: ['Nhà Cái', 'Casino'] });
  });

  it('matches terms with every diacritic stripped, as spam often writes them', () => {
    expect(screenText('choi bau cua tom ca, tai xiu, no hu')).toEqual({
      suspicious: true,
      fragments: ['bau cua', 'tom ca', 'tai xiu', 'no hu'],
    });
    expect(screenText('danh bai, xoc dia, ca do, lo de')).toEqual({
      suspicious: true,
      fragments: ['danh bai', 'xoc dia', 'ca do', 'lo de'],
    });
  });

  it('matches the seed spam half stripped, some diacritics kept and some dropped', () => {
    expect(screenText('hình bâu cua tôm ca')).toEqual({ suspicious: true, fragments: ['bâu cua', 'tôm ca'] });
    expect(screenText('hình bầu cua tôm ca')).toEqual({ suspicious: true, fragments: ['bầu cua', 'tôm ca'] });
    expect(screenText('BÂU CUA TÔM CA'.normalize('NFD'))).toEqual({ suspicious: true, fragments: ['BÂU CUA', 'TÔM CA'] });
    expect(screenText('nhà cai, cá đô, đanh bai')).toEqual({ suspicious: true, fragments: ['nhà cai', 'cá đô', 'đanh bai'] });
    // A letter with a diacritic the term's letter lacks is another word: these stay everyday Vietnamese.
    expect(screenText('phiếu bầu của, đánh bại, tôm cả')).toEqual({ suspicious: false, fragments: [] });
  });

  it('matches terms run together or spread over other whitespace', () => {
    expect(screenText('baucua taixiu nohu')).toEqual({ suspicious: true, fragments: ['baucua', 'taixiu', 'nohu'] });
    expect(screenText('bầu  cua, bầu\u00A0cua, bầu\ncua')).toEqual({
      suspicious: true,
      fragments: ['bầu  cua', 'bầu\u00A0cua', 'bầu\ncua'],
    });
  });

  it('matches on word boundaries only', () => {
    expect(screenText('casinos')).toEqual(CLEAN);
    expect(screenText('xbầu cua')).toEqual(CLEAN);
    expect(screenText('tôm càng xanh')).toEqual(CLEAN);
    expect(screenText('bầu cua2')).toEqual(CLEAN);
    expect(screenText('(bầu cua)')).toEqual({ suspicious: true, fragments: ['bầu cua'] });
  });

  it('lists a longer term once, not again for the shorter term inside it', () => {
    expect(screenText('cá cược')).toEqual({ suspicious: true, fragments: ['cá cược'] });
    expect(screenText('cá cược rồi lại cược')).toEqual({ suspicious: true, fragments: ['cá cược', 'cược'] });
  });

  it('does not flag everyday words that only fold to a term', () => {
    // "bầu của" (elected by), "cuộc" (a meeting, a campaign), "bán cá" (selling fish), "đánh bại"
    // (to defeat), "chăm lo để", "cả cuộc": each folds to a gambling term but is written otherwise.
    const text = [
      'Phiếu bầu của các thành viên được kiểm công khai.',
      'Tổ chức 12 cuộc họp; cả cuộc vận động đều đạt.',
      'Hộ nghèo bán cá, bán tôm tăng thu nhập.',
      'Đội bóng huyện đánh bại đội tỉnh bạn.',
      'Chăm lo để người dân ổn định cuộc sống.',
      'Cả đô thị loại III; cà độ chín.',
    ].join(' ');
    expect(screenText(text)).toEqual(CLEAN);
  });

  it('does not flag "số đề" when it is the start of "số đề án", "số đề nghị"…', () => {
    expect(screenText('Tổng số đề nghị khen thưởng: 12; số đề án được duyệt: 3; số đề xuất: 4; so de an: 2')).toEqual(CLEAN);
    expect(screenText('ghi số đề hằng ngày')).toEqual({ suspicious: true, fragments: ['số đề'] });
    expect(screenText('chơi lô đề.')).toEqual({ suspicious: true, fragments: ['lô đề'] });
  });
});

describe('screenText: links', () => {
  it.each([
    ['https://nhacai.vn/dang-ky', 'https://nhacai.vn/dang-ky'],
    ['http://abc.xyz', 'http://abc.xyz'],
    ['HTTPS://EXAMPLE.ORG/A?b=1&c=2', 'HTTPS://EXAMPLE.ORG/A?b=1&c=2'],
    ['www.baucua.club', 'www.baucua.club'],
    ['www.something', 'www.something'],
    ['bit.ly/x', 'bit.ly/x'],
    ['abc.xyz', 'abc.xyz'],
    ['nhacai.vn', 'nhacai.vn'],
    ['NHACAI.VN', 'NHACAI.VN'],
    ['8xbet.com', '8xbet.com'],
    ['sub.some-site.top/path?q=1', 'sub.some-site.top/path?q=1'],
    ['game.vip', 'game.vip'],
    ['abc.info', 'abc.info'],
    ['so.bet', 'so.bet'],
    ['x.io', 'x.io'],
    ['a.me', 'a.me'],
    ['z.cc', 'z.cc'],
    ['q.biz', 'q.biz'],
    ['n.net', 'n.net'],
  ])('flags %j', (link, fragment) => {
    expect(screenText(`Truy cập ${link} để nhận quà`)).toEqual({ suspicious: true, fragments: [fragment] });
  });

  it('leaves a sentence full stop, comma or closing bracket out of the link', () => {
    expect(screenText('Xem tại https://abc.xyz/a.')).toEqual({ suspicious: true, fragments: ['https://abc.xyz/a'] });
    expect(screenText('Xem tại nhacai.vn. Rồi')).toEqual({ suspicious: true, fragments: ['nhacai.vn'] });
    expect(screenText('(xem abc.xyz), hoặc (www.a.b/c)')).toEqual({ suspicious: true, fragments: ['abc.xyz', 'www.a.b/c'] });
  });

  it('flags the domain of an e-mail address', () => {
    expect(screenText('liên hệ lienhe@nhacai.vn')).toEqual({ suspicious: true, fragments: ['nhacai.vn'] });
  });

  it('does not list a term again when it is inside a link', () => {
    expect(screenText('https://baucua.vn/tai-xiu')).toEqual({ suspicious: true, fragments: ['https://baucua.vn/tai-xiu'] });
  });

  it.each([
    ['decimals', 'tăng 3.5 lần, đạt 1.234.567 đồng, 2,5%'],
    ['abbreviations', 'TP.HCM, Q.1, P.5, v.v.'],
    ['document numbers', 'Quyết định số 123/QĐ-UBND; Nghị định 98/2023/NĐ-CP'],
    ['file names', 'kèm baocao.docx và bang-diem.xlsx'],
    ['a missing space after a full stop', 'đạt kế hoạch.Tiếp tục phấn đấu.Ly'],
    ['dotted words whose last label is not a TLD', 'mục I.2.a; điểm a.b'],
  ])('does not flag %s', (_what, text) => {
    expect(screenText(text)).toEqual(CLEAN);
  });
});

describe('screenText: results', () => {
  it('finds nothing in clean Vietnamese report text', () => {
    const report = [
      'Thu ngân sách đạt 105% kế hoạch; xây dựng nông thôn mới; cá tra, tôm nuôi tăng 5%.',
      'Năm 2018, huyện Tuần Giáo có thêm 2 xã đạt chuẩn nông thôn mới, tỷ lệ hộ nghèo giảm 3.5%.',
      'Giải ngân vốn đầu tư công đạt 1.234.567 triệu đồng; tổ chức Hội nghị tại TP.HCM và Q.1, v.v.',
      'Công tác tuyển quân đạt 100% chỉ tiêu; giữ vững trật tự an toàn xã hội.',
      'Thực hiện tốt giao ước thi đua, tham dự đầy đủ các hoạt động của Cụm.',
    ].join('\n');
    expect(screenText(report)).toEqual(CLEAN);
  });

  it('gives nothing for empty text', () => {
    expect(screenText('')).toEqual(CLEAN);
    expect(screenText('\u200B')).toEqual(CLEAN);
  });

  it('lists fragments in order of appearance, links and terms mixed', () => {
    const text = 'Vào nhacai.vn chơi bầu cua, xem https://x.io rồi tài xỉu';
    expect(screenText(text).fragments).toEqual(['nhacai.vn', 'bầu cua', 'https://x.io', 'tài xỉu']);
  });

  it('de-duplicates identical fragments, keeping the first', () => {
    expect(screenText('bầu cua, bầu cua, abc.xyz, abc.xyz, Bầu cua').fragments).toEqual(['bầu cua', 'abc.xyz', 'Bầu cua']);
  });

  it('cuts fragments to 80 characters', () => {
    const link = `https://nhacai.vn/${'a'.repeat(200)}`;
    const { fragments } = screenText(`xem ${link} ngay`);
    expect(fragments).toHaveLength(1);
    expect(fragments[0]).toHaveLength(80);
    expect(fragments[0]).toBe(`${link.slice(0, 79)}…`);
  });

  it('never cuts a fragment in the middle of a surrogate pair', () => {
    const link = `https://${'a'.repeat(70)}😀😀/${'b'.repeat(20)}.vn`;
    const [fragment] = screenText(link).fragments;
    expect(fragment!.length).toBeLessThanOrEqual(80);
    expect(fragment).toMatch(/…$/);
    expect(fragment).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    // The emoji straddles the 79th character, so it goes whole and the fragment is one shorter.
    expect(fragment).toBe(`https://${'a'.repeat(70)}…`);
  });

  it('keeps fragments of 80 characters whole', () => {
    const link = `https://x.vn/${'a'.repeat(67)}`;
    expect(link).toHaveLength(80);
    expect(screenText(link).fragments).toEqual([link]);
  });
});
