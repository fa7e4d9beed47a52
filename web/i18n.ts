import { formatVietnamTime } from '../domain/time.ts';

// The pages' words, Vietnamese first with English beside. A page asks `t(key, params)`; `{name}`
// in a message is replaced by params.name (the caller's html template escapes the result).

export const LANGS = ['vi', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const MESSAGES = {
  appName: { vi: 'Thi đua – Khen thưởng', en: 'Emulation and commendation' },
  skipToContent: { vi: 'Chuyển đến nội dung chính', en: 'Skip to the main content' },
  language: { vi: 'Ngôn ngữ', en: 'Language' },
  signedInAs: { vi: 'Đang đăng nhập: {name}', en: 'Signed in as {name}' },
  signOut: { vi: 'Đăng xuất', en: 'Sign out' },
  signIn: { vi: 'Đăng nhập', en: 'Sign in' },
  back: { vi: 'Về trang nhiệm vụ của tôi', en: 'Back to my tasks' },
  // Sign-in
  signInIntro: {
    vi: 'Nhập địa chỉ thư điện tử của bạn. Chúng tôi sẽ gửi một đường dẫn đăng nhập, dùng được một lần trong 15 phút.',
    en: 'Enter your e-mail address. We will send you a sign-in link, usable once within 15 minutes.',
  },
  email: { vi: 'Địa chỉ thư điện tử', en: 'E-mail address' },
  sendLink: { vi: 'Gửi đường dẫn đăng nhập', en: 'Send me a sign-in link' },
  emailInvalid: { vi: 'Vui lòng nhập một địa chỉ thư điện tử hợp lệ.', en: 'Please enter a valid e-mail address.' },
  checkMailTitle: { vi: 'Hãy kiểm tra hộp thư', en: 'Check your mailbox' },
  checkMail: {
    vi: 'Nếu địa chỉ {email} có trong danh sách người tham gia, một đường dẫn đăng nhập vừa được gửi đến đó. Đường dẫn dùng được một lần trong 15 phút.',
    en: 'If {email} belongs to a participant, a sign-in link has just been sent to it. The link works once, within 15 minutes.',
  },
  tooManyTitle: { vi: 'Quá nhiều yêu cầu', en: 'Too many requests' },
  tooMany: {
    vi: 'Đã có quá nhiều yêu cầu đăng nhập trong 15 phút qua. Vui lòng thử lại sau.',
    en: 'There have been too many sign-in requests in the last 15 minutes. Please try again later.',
  },
  confirmSignInTitle: { vi: 'Xác nhận đăng nhập', en: 'Confirm sign-in' },
  confirmSignIn: { vi: 'Bấm nút dưới đây để đăng nhập.', en: 'Press the button below to sign in.' },
  signInLinkBadTitle: { vi: 'Đường dẫn đăng nhập không dùng được', en: 'This sign-in link cannot be used' },
  signInLinkBad: {
    vi: 'Đường dẫn này đã được dùng, đã hết hạn hoặc không đúng. Hãy yêu cầu một đường dẫn mới.',
    en: 'This link has been used, has expired or is not valid. Ask for a new one.',
  },
  askNewLink: { vi: 'Yêu cầu đường dẫn đăng nhập mới', en: 'Ask for a new sign-in link' },
  mailSubject: { vi: 'Đường dẫn đăng nhập – Thi đua Khen thưởng', en: 'Your sign-in link – Emulation and commendation' },
  mailBody: {
    vi: 'Xin chào {name},\n\nĐể đăng nhập, hãy mở đường dẫn sau (dùng được một lần, trong 15 phút):\n{link}\n\nNếu bạn không yêu cầu đăng nhập, hãy bỏ qua thư này.',
    en: 'Hello {name},\n\nTo sign in, open this link (it works once, within 15 minutes):\n{link}\n\nIf you did not ask to sign in, ignore this mail.',
  },
  // Task links
  linkExpiredTitle: { vi: 'Đường dẫn đã hết hạn', en: 'This link has expired' },
  linkExpired: {
    vi: 'Nhiệm vụ của đường dẫn này không còn thực hiện được nữa. Bạn vẫn có thể đăng nhập để xem các nhiệm vụ của mình.',
    en: 'The task of this link can no longer be done. You can still sign in to see your tasks.',
  },
  linkInvalidTitle: { vi: 'Đường dẫn không hợp lệ', en: 'This link is not valid' },
  linkInvalid: {
    vi: 'Đường dẫn này không đúng hoặc đã bị thay đổi. Hãy mở lại đường dẫn trong thư, hoặc đăng nhập.',
    en: 'This link is not right or has been altered. Open the link in the mail again, or sign in.',
  },
  // My tasks
  myTasks: { vi: 'Nhiệm vụ của tôi', en: 'My tasks' },
  waiting: { vi: 'Việc cần làm', en: 'Waiting for me' },
  nothingWaiting: { vi: 'Hiện không có việc nào đang chờ bạn.', en: 'Nothing is waiting for you now.' },
  deadline: { vi: 'Hạn chót', en: 'Deadline' },
  open: { vi: 'Mở', en: 'Open' },
  done: { vi: 'Việc đã làm', en: 'What I did' },
  nothingDone: { vi: 'Chưa có gì.', en: 'Nothing yet.' },
  pledgeSigned: { vi: '{unit} ký giao ước thi đua ({cycle}) lúc {at}', en: '{unit} signed the pledge ({cycle}) at {at}' },
  reportVersion: {
    vi: '{unit} nộp {period} ({cycle}), phiên bản {version}, nhận lúc {at}',
    en: '{unit} submitted its {period} report ({cycle}), version {version}, received at {at}',
  },
  late: { vi: 'nộp muộn', en: 'late' },
  forUnit: { vi: 'cho {unit}', en: 'for {unit}' },
  kind_pledge: { vi: 'Ký giao ước thi đua', en: 'Sign the pledge' },
  kind_report: { vi: 'Nộp {period}', en: 'Submit the {period} report' },
  kind_score: { vi: 'Chấm điểm chéo', en: 'Cross-score the other members' },
  kind_ballot: { vi: 'Bỏ phiếu bình xét', en: 'Vote in the ballot' },
  // Pledge
  pledgeTitle: { vi: 'Ký giao ước thi đua {year}', en: 'Sign the {year} emulation pledge' },
  pledgeText: {
    vi: '{unit} cam kết hưởng ứng và thực hiện các phong trào thi đua của {cluster} năm {year}, và chấm điểm theo bảng tiêu chí của cụm.',
    en: '{unit} pledges to take part in and carry out the emulation campaigns of {cluster} for {year}, scored on the cluster’s rubric.',
  },
  campaigns: { vi: 'Các phong trào thi đua', en: 'The campaigns' },
  rubric: { vi: 'Bảng tiêu chí chấm điểm', en: 'The scoring rubric' },
  group: { vi: 'Nhóm', en: 'Group' },
  maxPoints: { vi: 'Điểm tối đa', en: 'Maximum points' },
  signPledge: { vi: 'Ký giao ước', en: 'Sign the pledge' },
  pledgeRecorded: {
    vi: 'Giao ước của {unit} đã được ký bởi {by} lúc {at}.',
    en: 'The pledge of {unit} was signed by {by} at {at}.',
  },
  receiptTitle: { vi: 'Đã ghi nhận', en: 'Recorded' },
  pledgeReceipt: {
    vi: 'Giao ước thi đua của {unit} đã được ghi nhận lúc {at}. Biên nhận đã được gửi qua thư.',
    en: 'The pledge of {unit} was recorded at {at}. A receipt has been mailed.',
  },
  // Report
  reportTitle: { vi: '{period} {year}', en: 'The {period} report, {year}' },
  narrative: { vi: 'Nội dung báo cáo', en: 'The report' },
  narrativeHelp: { vi: 'Tối đa 20.000 ký tự.', en: 'At most 20,000 characters.' },
  selfScore: { vi: 'Tự chấm điểm', en: 'Self-score' },
  bonus: { vi: 'Điểm thưởng (tối đa {cap})', en: 'Bonus (at most {cap} in all)' },
  penalties: { vi: 'Điểm trừ (tối đa {cap})', en: 'Penalties (at most {cap} in all)' },
  points: { vi: '{title} (tối đa {max})', en: '{title} (at most {max})' },
  submitReport: { vi: 'Nộp báo cáo', en: 'Submit the report' },
  replaceReport: { vi: 'Nộp phiên bản mới thay thế', en: 'Submit a new version to replace it' },
  myVersions: { vi: 'Các phiên bản đã nộp', en: 'My versions' },
  noVersions: { vi: 'Chưa nộp phiên bản nào.', en: 'No version submitted yet.' },
  versionLine: { vi: 'Phiên bản {version}: nhận lúc {at}, người nộp {by}', en: 'Version {version}: received at {at}, by {by}' },
  total: { vi: 'tổng điểm {total}', en: 'total {total}' },
  formErrors: { vi: 'Báo cáo chưa được nộp. Hãy sửa các lỗi dưới đây.', en: 'The report was not submitted. Correct the problems below.' },
  notANumber: { vi: 'Hãy nhập một số, ví dụ 7,5', en: 'Enter a number, e.g. 7.5' },
  reportReceipt: {
    vi: 'Báo cáo của {unit} (phiên bản {version}) đã được ghi nhận lúc {at}. Biên nhận đã được gửi qua thư.',
    en: 'The report of {unit} (version {version}) was recorded at {at}. A receipt has been mailed.',
  },
  // Refusals
  forbiddenTitle: { vi: 'Không có quyền', en: 'Not allowed' },
  forbidden: {
    vi: 'Bạn không phải người đại diện của {unit} trong năm {year}, nên không thể làm nhiệm vụ này.',
    en: 'You are not the representative of {unit} in {year}, so you cannot do this task.',
  },
  closedTitle: { vi: 'Vòng đã đóng', en: 'The round is closed' },
  closed: { vi: 'Vòng này đã đóng, không nhận thêm nữa.', en: 'This round is closed and takes nothing more.' },
  notOpenTitle: { vi: 'Vòng chưa mở', en: 'The round is not open yet' },
  notOpen: {
    vi: 'Vòng này chưa mở. Hãy quay lại khi có thư mời.',
    en: 'This round is not open yet. Come back when the invitation arrives.',
  },
  duplicateTitle: { vi: 'Đã thực hiện', en: 'Already done' },
  invalidTitle: { vi: 'Yêu cầu không hợp lệ', en: 'The request is not valid' },
  refusedDetail: { vi: 'Chi tiết: {message}', en: 'Details: {message}' },
  notFoundTitle: { vi: 'Không tìm thấy trang', en: 'Page not found' },
  notFound: { vi: 'Trang bạn tìm không có.', en: 'There is no such page.' },
  unknownTask: { vi: 'Không có nhiệm vụ này.', en: 'There is no such task.' },
  notOnWebYet: {
    vi: 'Nhiệm vụ này chưa làm được trên trang web; hãy liên hệ Thường trực Hội đồng.',
    en: 'This task cannot be done on the web pages yet; contact the secretariat.',
  },
  csrfTitle: { vi: 'Biểu mẫu đã hết hiệu lực', en: 'The form has expired' },
  csrf: {
    vi: 'Biểu mẫu này không còn hợp lệ (có thể do phiên đăng nhập đã thay đổi). Hãy tải lại trang và thử lại.',
    en: 'This form is no longer valid (perhaps your session changed). Reload the page and try again.',
  },
  tooLargeTitle: { vi: 'Dữ liệu quá lớn', en: 'Too much data' },
  tooLarge: { vi: 'Dữ liệu gửi lên vượt quá giới hạn {limit}.', en: 'What was sent is over the limit of {limit}.' },
  errorTitle: { vi: 'Đã có lỗi', en: 'Something went wrong' },
  error: {
    vi: 'Hệ thống chưa xử lý được yêu cầu. Hãy thử lại sau ít phút; nếu vẫn lỗi, hãy liên hệ Thường trực Hội đồng.',
    en: 'The system could not handle the request. Try again in a few minutes; if it still fails, contact the secretariat.',
  },
  signInRequiredTitle: { vi: 'Cần đăng nhập', en: 'Please sign in' },
  // Council (member and chair pages) and documents — web-council's block
  councilTitle: {
    vi: 'Hội đồng Thi đua – Khen thưởng tỉnh {province} năm {year}',
    en: 'The {province} emulation and commendation council, {year}',
  },
  councilNotStarted: {
    vi: 'Hội đồng của năm này chưa bắt đầu làm việc. Hãy quay lại khi có thư mời.',
    en: 'This year’s council has not started its work yet. Come back when the invitation arrives.',
  },
  councilForbidden: {
    vi: 'Bạn không phải thành viên Hội đồng Thi đua – Khen thưởng tỉnh {province} năm {year}, cũng không thuộc bộ phận thường trực, nên không thể làm nhiệm vụ này.',
    en: 'You are not a member of the {province} council, nor its secretariat, in {year}, so you cannot do this task.',
  },
  councilChairOnly: {
    vi: 'Chỉ Chủ tịch Hội đồng mới quyết định đề xuất của Hội đồng.',
    en: 'Only the council’s chair decides on the council’s proposal.',
  },
  councilPhase: { vi: 'Giai đoạn hiện tại: {phase}', en: 'Current stage: {phase}' },
  phase_collecting: { vi: 'nhận tờ trình của các cụm', en: 'collecting the clusters’ submissions' },
  phase_appraisal: { vi: 'thẩm định hồ sơ', en: 'appraisal of the nominations' },
  phase_session: { vi: 'khai mạc phiên họp, điểm danh', en: 'the session opens, attendance is taken' },
  phase_rescheduling: { vi: 'chờ lịch họp mới', en: 'waiting for a new session date' },
  phase_voting: { vi: 'biểu quyết', en: 'voting' },
  phase_counting: { vi: 'kiểm phiếu', en: 'counting the votes' },
  phase_decision: { vi: 'chờ Chủ tịch quyết định', en: 'awaiting the chair’s decision' },
  phase_approved: { vi: 'đã có quyết định, đang trong thời hạn khiếu nại', en: 'decided, within the complaint window' },
  phase_closed: { vi: 'đã kết thúc', en: 'closed' },
  sessionLine: { vi: 'Phiên họp {number}: {at}', en: 'Session {number}: {at}' },
  nominations: { vi: 'Các đề nghị khen thưởng', en: 'The nominations' },
  noNominations: { vi: 'Chưa có đề nghị nào.', en: 'No nominations yet.' },
  award: { vi: 'Hình thức', en: 'Award' },
  unitCol: { vi: 'Đơn vị', en: 'Unit' },
  clusterCol: { vi: 'Cụm thi đua', en: 'Cluster' },
  appraisalCol: { vi: 'Thẩm định', en: 'Appraisal' },
  submissionDoc: { vi: 'Tờ trình', en: 'Submission' },
  openDocument: { vi: 'Xem tờ trình (lần {version})', en: 'Read the submission (version {version})' },
  verdict_pending: { vi: 'đang thẩm định', en: 'pending' },
  verdict_accepted: { vi: 'đủ điều kiện', en: 'accepted' },
  verdict_returned: { vi: 'trả lại để bổ sung', en: 'returned for revision' },
  verdict_vetoed: { vi: 'không đủ điều kiện (vi phạm)', en: 'vetoed (a violation)' },
  verdict_withdrawn: { vi: 'đã rút', en: 'withdrawn' },
  award_flag: { vi: 'Cờ thi đua của UBND tỉnh', en: 'The provincial emulation flag' },
  award_certificate: { vi: 'Bằng khen của Chủ tịch UBND tỉnh', en: 'The provincial chair’s certificate of merit' },
  voteHeading: { vi: 'Biểu quyết', en: 'The vote' },
  voteNotYet: {
    vi: 'Hội đồng chưa vào phiên biểu quyết. Trang này sẽ có phiếu khi phiên họp đã điểm danh đủ số thành viên.',
    en: 'The council is not in session for a vote yet. The ballot appears here once the session has taken attendance with a quorum.',
  },
  voteOver: { vi: 'Phiên biểu quyết đã kết thúc.', en: 'The vote is over.' },
  voteRecorded: {
    vi: 'Phiếu của bạn trong phiên {session} đã được ghi nhận ({how}). Nội dung phiếu không được hiển thị lại.',
    en: 'Your vote in session {session} was recorded ({how}). What you chose is not shown again.',
  },
  howSecret: { vi: 'bỏ phiếu kín', en: 'secret ballot' },
  howWritten: { vi: 'phiếu lấy ý kiến bằng văn bản', en: 'written vote' },
  votePresent: {
    vi: 'Bạn có mặt tại phiên họp: phiếu của bạn là phiếu kín, được niêm phong ngay khi gửi và không ai xem được nội dung gắn với tên bạn.',
    en: 'You are present at the session: your vote is secret, sealed as soon as it is sent, and no one can see it next to your name.',
  },
  voteWritten: {
    vi: 'Bạn vắng mặt tại phiên họp: phiếu của bạn là phiếu lấy ý kiến bằng văn bản, được ghi nhận kèm tên bạn.',
    en: 'You are absent from the session: your vote is a written vote, recorded with your name.',
  },
  vote_approve: { vi: 'Đồng ý', en: 'Approve' },
  vote_reject: { vi: 'Không đồng ý', en: 'Reject' },
  vote_abstain: { vi: 'Không biểu quyết', en: 'Abstain' },
  castVote: { vi: 'Gửi phiếu', en: 'Send my vote' },
  voteIncomplete: {
    vi: 'Phiếu chưa được gửi: hãy chọn một ý kiến cho mỗi đề nghị.',
    en: 'The vote was not sent: choose for every nomination.',
  },
  voteReceipt: {
    vi: 'Phiếu của bạn ({how}) đã được ghi nhận trong phiên {session}. Nội dung phiếu không được hiển thị lại.',
    en: 'Your vote ({how}) was recorded in session {session}. What you chose is not shown again.',
  },
  proposalHeading: { vi: 'Đề xuất của Hội đồng', en: 'The council’s proposal' },
  minutesLink: { vi: 'Xem biên bản họp (phiên {session})', en: 'Read the minutes (session {session})' },
  countsCaption: { vi: 'Kết quả biểu quyết, tính trên tổng số {members} thành viên', en: 'The count, against all {members} members' },
  countFor: { vi: 'Đồng ý', en: 'For' },
  countAgainst: { vi: 'Không đồng ý', en: 'Against' },
  countAbstain: { vi: 'Không biểu quyết', en: 'Abstain' },
  countNotVoted: { vi: 'Không bỏ phiếu', en: 'Did not vote' },
  countNeeded: { vi: 'Cần đạt', en: 'Needed' },
  countResult: { vi: 'Kết quả', en: 'Result' },
  passed: { vi: 'Đạt', en: 'Passed' },
  failed: { vi: 'Không đạt', en: 'Failed' },
  previewHeading: { vi: 'Dự thảo quyết định', en: 'Draft of the decision' },
  previewIntro: {
    vi: 'Nếu Chủ tịch phê duyệt, quyết định sẽ khen thưởng:',
    en: 'If the chair approves, the decision will award:',
  },
  previewNone: { vi: 'Không có đề nghị nào đạt số phiếu cần thiết.', en: 'No nomination reached the votes needed.' },
  amount: { vi: '{amount} đồng', en: '{amount} đồng' },
  approveDecision: { vi: 'Phê duyệt và ban hành quyết định', en: 'Approve and issue the decision' },
  returnHeading: { vi: 'Trả lại đề xuất', en: 'Return the proposal' },
  reason: { vi: 'Lý do (ít nhất 10 ký tự)', en: 'Reason (at least 10 characters)' },
  returnProposal: { vi: 'Trả lại để họp lại', en: 'Return it for a new session' },
  reasonTooShort: { vi: 'Hãy nêu lý do, ít nhất 10 ký tự.', en: 'Give a reason of at least 10 characters.' },
  decisionLine: { vi: 'Quyết định số {number} ngày {date}.', en: 'Decision no. {number} of {date}.' },
  decisionDocLink: { vi: 'Xem quyết định số {number}', en: 'Read decision no. {number}' },
  complaintsUntil: { vi: 'Thời hạn khiếu nại đến {at}.', en: 'Complaints may be made until {at}.' },
  revokeHeading: { vi: 'Thu hồi khen thưởng', en: 'Revoke awards' },
  revokeAll: { vi: 'Thu hồi toàn bộ quyết định', en: 'Revoke the whole decision' },
  revokeSome: { vi: 'Thu hồi một số khen thưởng (chọn dưới đây)', en: 'Revoke some awards (choose below)' },
  revokeScope: { vi: 'Phạm vi thu hồi', en: 'What to revoke' },
  revokeWhich: { vi: 'Khen thưởng bị thu hồi', en: 'The awards to revoke' },
  revokeNoneChosen: { vi: 'Hãy chọn ít nhất một khen thưởng để thu hồi.', en: 'Choose at least one award to revoke.' },
  revoke: { vi: 'Thu hồi', en: 'Revoke' },
  revokedAlready: { vi: 'đã thu hồi', en: 'revoked' },
  decisionReturned: { vi: 'Đề xuất đã được trả lại. Lý do: {reason}', en: 'The proposal was returned. Reason: {reason}' },
  noProposal: { vi: 'Hiện chưa có đề xuất nào chờ Chủ tịch quyết định.', en: 'No proposal is awaiting the chair’s decision now.' },
  decisionFormErrors: { vi: 'Chưa thực hiện được. Hãy sửa lỗi dưới đây.', en: 'Nothing was done. Correct the problem below.' },
  approvedReceipt: {
    vi: 'Quyết định số {number} ngày {date} đã được ban hành.',
    en: 'Decision no. {number} of {date} has been issued.',
  },
  returnedReceipt: {
    vi: 'Đề xuất đã được trả lại cho Thường trực Hội đồng để họp lại.',
    en: 'The proposal was returned to the secretariat for a new session.',
  },
  revokedReceipt: { vi: 'Quyết định thu hồi số {number} đã được ban hành.', en: 'Revocation decision no. {number} has been issued.' },
  revocationDocLink: { vi: 'Xem quyết định thu hồi số {number}', en: 'Read revocation decision no. {number}' },
  backToCouncil: { vi: 'Về trang Hội đồng', en: 'Back to the council’s page' },
  documentForbidden: {
    vi: 'Bạn không có quyền xem văn bản này.',
    en: 'You may not read this document.',
  },
  documentUnknown: { vi: 'Không có văn bản này.', en: 'There is no such document.' },
  documentMeta: { vi: 'Lập lúc {at}', en: 'Made at {at}' },
  // Cross-score and ballot pages (issue 15, web-ballot)
  scoreTitle: { vi: 'Chấm điểm chéo năm {year}', en: 'Cross-scores, {year}' },
  scoreIntro: {
    vi: '{unit} chấm điểm từng đơn vị thành viên khác của {cluster} theo các tiêu chí của bảng chấm điểm (không tự chấm đơn vị mình). Điểm thưởng và điểm trừ không chấm chéo.',
    en: '{unit} scores every other member of {cluster} on each criterion of the rubric (never itself). Bonus and penalties are not cross-scored.',
  },
  scoreSheetOf: { vi: 'Chấm {unit}', en: 'Scores for {unit}' },
  submitScores: { vi: 'Nộp phiếu chấm điểm', en: 'Submit the scores' },
  replaceScores: { vi: 'Nộp phiên bản mới thay thế', en: 'Submit a new version to replace it' },
  scoreFormErrors: {
    vi: 'Phiếu chấm chưa được nộp. Hãy sửa các lỗi dưới đây.',
    en: 'The scores were not submitted. Correct the problems below.',
  },
  scoreVersionLine: {
    vi: 'Phiên bản {version}: nhận lúc {at}, người nộp {by}',
    en: 'Version {version}: received at {at}, by {by}',
  },
  scoreTotals: { vi: 'Tổng điểm: {totals}', en: 'Totals: {totals}' },
  scoresReceipt: {
    vi: 'Phiếu chấm điểm chéo của {unit} (phiên bản {version}) đã được ghi nhận lúc {at}. Biên nhận đã được gửi qua thư.',
    en: 'The cross-scores of {unit} (version {version}) were recorded at {at}. A receipt has been mailed.',
  },
  prefilled: {
    vi: 'Biểu mẫu đã điền sẵn điểm của phiên bản {version}; sửa rồi nộp lại để thay thế (trước hạn chót).',
    en: 'The form holds the scores of version {version}; change them and submit again to replace it (until the deadline).',
  },
  ballotTitle: { vi: 'Bỏ phiếu bình xét năm {year} – vòng {number}', en: 'The {year} ballot – round {number}' },
  ballotIntro: {
    vi: 'Phiếu bầu là bí mật: hệ thống niêm phong phiếu ngay khi nhận, chỉ mở khi kiểm phiếu, và không bao giờ hiển thị lại lựa chọn của bạn. Mỗi đơn vị bỏ phiếu một lần, không sửa được.',
    en: 'The ballot is secret: it is sealed as soon as it is received, opened only at the count, and your choices are never shown back. Each unit votes once and cannot change its ballot.',
  },
  ballotFlag: { vi: 'Cờ thi đua của UBND tỉnh', en: 'The provincial emulation flag' },
  ballotFlagHelp: { vi: 'Chọn một đơn vị, hoặc không bầu.', en: 'Choose one unit, or abstain.' },
  ballotNoFlag: { vi: 'Vòng này không bầu Cờ thi đua.', en: 'This round does not vote on the flag.' },
  ballotCertificates: { vi: 'Bằng khen của UBND tỉnh', en: 'The provincial certificates of merit' },
  ballotNoCertificates: { vi: 'Vòng này không bầu Bằng khen.', en: 'This round does not vote on certificates.' },
  voteFor: { vi: 'Đồng ý', en: 'For' },
  voteAgainst: { vi: 'Không đồng ý', en: 'Against' },
  voteAbstain: { vi: 'Không bầu', en: 'Abstain' },
  candidateLine: { vi: '{unit} – hạng {rank}, {total} điểm', en: '{unit} – rank {rank}, {total} points' },
  castBallot: { vi: 'Bỏ phiếu', en: 'Cast the ballot' },
  ballotChoose: {
    vi: 'Phiếu chưa được bỏ: hãy chọn cho từng mục. Vì phiếu là bí mật, các lựa chọn đã gửi không được hiển thị lại.',
    en: 'The ballot was not cast: make a choice for every item. As the ballot is secret, what was sent is not shown again.',
  },
  ballotCounted: {
    vi: 'Phiếu bầu của {unit} đã được niêm phong và ghi nhận lúc {at}. Phiếu sẽ được kiểm cùng các phiếu khác; lựa chọn của bạn không được hiển thị ở đâu.',
    en: 'The ballot of {unit} was sealed and counted at {at}. It is opened only with the others at the count; your choices are shown nowhere.',
  },
  ballotVoted: {
    vi: '{unit} đã bỏ phiếu trong vòng này lúc {at} (người bỏ phiếu {by}). Phiếu bầu không sửa được và không được hiển thị lại.',
    en: '{unit} voted in this round at {at} (by {by}). A ballot cannot be changed and is never shown back.',
  },
  table: { vi: 'Bảng tổng hợp điểm', en: 'The consolidated table' },
  rank: { vi: 'Hạng', en: 'Rank' },
  totalCol: { vi: 'Tổng điểm', en: 'Total' },
  noTable: { vi: 'Chưa có bảng tổng hợp điểm.', en: 'There is no consolidated table yet.' },
  // The secretariat on the council's page
  councilMemberOnly: { vi: 'Chỉ thành viên Hội đồng mới biểu quyết.', en: 'Only the council’s members vote.' },
  councilSecretariatOnly: {
    vi: 'Chỉ bộ phận thường trực (Sở Nội vụ) mới thẩm định hồ sơ và điểm danh phiên họp.',
    en: 'Only the secretariat (Department of Home Affairs) appraises the nominations and takes the attendance.',
  },
  appraisalHeading: { vi: 'Thẩm định hồ sơ đề nghị', en: 'Appraising the nominations' },
  appraisalOver: {
    vi: 'Hội đồng đã bước vào phiên họp; việc thẩm định đã kết thúc.',
    en: 'The council is in session; the appraisal is over.',
  },
  appraisalNothing: { vi: 'Chưa có hồ sơ đề nghị nào để thẩm định.', en: 'No nomination to appraise yet.' },
  appraiseAccept: { vi: 'Đủ điều kiện trình Hội đồng', en: 'Accept for the council' },
  appraiseReturnReason: { vi: 'Lý do trả lại (ít nhất 10 ký tự)', en: 'Why it is returned (at least 10 characters)' },
  appraiseReturn: { vi: 'Trả lại để bổ sung', en: 'Return for revision' },
  appraisedReceipt: {
    vi: 'Đã ghi nhận kết quả thẩm định {award}: {unit} – {verdict}.',
    en: 'Appraisal recorded for {award}: {unit} – {verdict}.',
  },
  attendanceHeading: { vi: 'Điểm danh phiên họp', en: 'The session’s attendance' },
  attendanceRule: {
    vi: 'Hội đồng có {members} thành viên: phiên họp hợp lệ khi có ít nhất {quorum} người dự; phiên xét khen thưởng cần ít nhất {award} người ({share}%).',
    en: 'The council has {members} members: a session needs at least {quorum} present; an award session needs at least {award} ({share}%).',
  },
  attendanceWho: { vi: 'Thành viên có mặt tại phiên họp thứ {session}', en: 'Members present at session {session}' },
  attendanceRecord: { vi: 'Ghi nhận điểm danh', en: 'Record the attendance' },
  attendanceNotYet: {
    vi: 'Chưa đến giờ họp: điểm danh khi phiên họp bắt đầu.',
    en: 'The session has not begun: attendance is taken when it opens.',
  },
  attendanceTaken: {
    vi: 'Phiên họp thứ {session} đã điểm danh: {present}/{members} thành viên có mặt.',
    en: 'Session {session}’s attendance is taken: {present} of {members} members present.',
  },
  attendanceReceipt: {
    vi: 'Đã ghi nhận điểm danh: {present}/{members} thành viên có mặt, cần {needed}.',
    en: 'Attendance recorded: {present} of {members} members present, {needed} needed.',
  },
  quorumMet: { vi: 'Phiên họp đủ điều kiện biểu quyết.', en: 'The session may vote.' },
  quorumNotMet: {
    vi: 'Phiên họp không đủ {needed} thành viên có mặt nên không biểu quyết; bộ phận thường trực sẽ dời phiên họp.',
    en: 'Fewer than {needed} members are present, so the session cannot vote; the secretariat will reschedule it.',
  },
  // The cluster chair's page
  chairTitle: { vi: 'Trưởng cụm, Phó cụm – {cluster} năm {year}', en: 'Cluster chair and deputy – {cluster}, {year}' },
  chairNotStarted: {
    vi: 'Chu kỳ thi đua này chưa được ghi nhận. Hãy quay lại khi có thư mời.',
    en: 'This cycle is not recorded yet. Come back when the invitation arrives.',
  },
  chairForbidden: {
    vi: 'Bạn không phải người đại diện của đơn vị Trưởng cụm hay Phó cụm của {cluster} năm {year}, nên không thể làm nhiệm vụ này.',
    en: 'You do not represent the chair unit or the deputy unit of {cluster} in {year}, so you cannot do this task.',
  },
  chairIntroChair: { vi: 'Bạn làm việc với tư cách Trưởng cụm, đại diện {unit}.', en: 'You act as the cluster chair, for {unit}.' },
  chairIntroDeputy: { vi: 'Bạn làm việc với tư cách Phó cụm, đại diện {unit}.', en: 'You act as the cluster deputy, for {unit}.' },
  chairLeaders: { vi: 'Trưởng cụm: {chair}. Phó cụm: {deputy}.', en: 'Chair: {chair}. Deputy: {deputy}.' },
  cyclePhaseLine: { vi: 'Giai đoạn hiện tại: {phase}.', en: 'Current stage: {phase}.' },
  cycleEnded: { vi: 'Chu kỳ thi đua của năm này đã kết thúc.', en: 'This year’s cycle has ended.' },
  cyclePhase_starting: { vi: 'đang khởi tạo', en: 'starting' },
  cyclePhase_scheduled: { vi: 'chờ ngày phát động', en: 'waiting for the launch' },
  cyclePhase_launch: { vi: 'phát động phong trào', en: 'launching the campaigns' },
  cyclePhase_pledges: { vi: 'ký giao ước thi đua', en: 'signing the pledges' },
  'cyclePhase_pledges-closed': { vi: 'đã ký giao ước', en: 'pledges signed' },
  cyclePhase_reporting: { vi: 'báo cáo định kỳ', en: 'periodic reports' },
  'cyclePhase_reports-closed': { vi: 'đã nhận báo cáo', en: 'reports received' },
  cyclePhase_scoring: { vi: 'chấm điểm chéo', en: 'cross-scoring' },
  cyclePhase_consolidation: { vi: 'tổng hợp điểm (còn điều chỉnh được)', en: 'the consolidated table (adjustments open)' },
  cyclePhase_ballot: { vi: 'bỏ phiếu bình xét', en: 'the cluster ballot' },
  'cyclePhase_leaders-decide': { vi: 'Trưởng cụm và Phó cụm quyết định Cờ thi đua', en: 'the chair and the deputy decide the flag' },
  cyclePhase_nominated: { vi: 'đã có danh sách đề nghị khen thưởng', en: 'nominations recorded' },
  cyclePhase_submitted: { vi: 'tờ trình đã gửi Hội đồng tỉnh', en: 'submitted to the provincial council' },
  cyclePhase_revision: { vi: 'Hội đồng trả lại hồ sơ để bổ sung', en: 'returned by the council for revision' },
  cyclePhase_awarded: { vi: 'đã có quyết định khen thưởng', en: 'the council has decided' },
  cyclePhase_conference: { vi: 'chuẩn bị hội nghị tổng kết', en: 'preparing the year-end conference' },
  'cyclePhase_handed-over': { vi: 'đã tổng kết và bàn giao', en: 'the conference is held, the chair handed over' },
  chairNothingNow: {
    vi: 'Hiện chưa có việc nào cho Trưởng cụm, Phó cụm ở giai đoạn này.',
    en: 'Nothing waits for the chair and the deputy at this stage.',
  },
  backToChair: { vi: 'Về trang Trưởng cụm', en: 'Back to the chair’s page' },
  tableDraft: {
    vi: 'Bảng dự thảo: Trưởng cụm còn điều chỉnh được (kèm lý do) đến khi bắt đầu bỏ phiếu, lúc {at}.',
    en: 'A draft: the chair may adjust it (with a reason) until the ballot opens at {at}.',
  },
  tableFinal: { vi: 'Bảng chính thức: đã chốt khi bắt đầu bỏ phiếu.', en: 'Final: fixed when the ballot opened.' },
  tableCaption: { vi: 'Công thức {formula}, thang điểm {rubric}', en: 'Formula {formula}, rubric {rubric}' },
  tableStateDraft: { vi: 'dự thảo', en: 'draft' },
  tableStateFinal: { vi: 'chính thức', en: 'final' },
  explainHint: {
    vi: 'Bấm tên một đơn vị để xem điểm của đơn vị đó được tính thế nào, từng bước.',
    en: 'Choose a unit’s name to see how its score was computed, step by step.',
  },
  notEligible: { vi: 'không được xếp thứ nhất (có vi phạm)', en: 'may not rank first (a violation)' },
  tiedForFirst: {
    vi: 'Bằng điểm ở vị trí thứ nhất: {units}. Việc bình xét sẽ quyết định.',
    en: 'Tied for first place: {units}. The ballot decides.',
  },
  excludedScorers: { vi: 'Không chấm điểm đúng hạn (không tính): {units}.', en: 'Did not score in time (left out): {units}.' },
  adjustmentsHeading: { vi: 'Các điều chỉnh đã ghi', en: 'Adjustments made' },
  adjustmentLine: { vi: '{unit}: {points} điểm, do {by}', en: '{unit}: {points} points, by {by}' },
  adjustHeading: { vi: 'Điều chỉnh điểm', en: 'Adjust a score' },
  adjustIntro: {
    vi: 'Trưởng cụm điều chỉnh điểm tổng hợp của một đơn vị, luôn kèm lý do bằng văn bản, đến khi bắt đầu bỏ phiếu ({at}); mỗi lần điều chỉnh tối đa {max} điểm. Điều chỉnh được lưu lại, ghi nhật ký, hiện cùng điểm và gửi thư cho đơn vị.',
    en: 'The chair adjusts a unit’s consolidated score, always with a written reason, until the ballot opens ({at}); at most {max} points each time. Every adjustment is kept, audited, shown with the score and mailed to the unit.',
  },
  adjustChairOnly: { vi: 'Chỉ Trưởng cụm ({chair}) điều chỉnh điểm.', en: 'Only the chair ({chair}) adjusts scores.' },
  adjustFormErrors: { vi: 'Điểm chưa được điều chỉnh. Hãy sửa lỗi dưới đây.', en: 'Nothing was adjusted. Correct the problems below.' },
  adjustUnit: { vi: 'Đơn vị', en: 'Unit' },
  chooseUnit: { vi: '— Chọn đơn vị —', en: '— Choose a unit —' },
  chooseUnitError: { vi: 'Hãy chọn một đơn vị thành viên của cụm.', en: 'Choose a member unit of the cluster.' },
  adjustPoints: { vi: 'Số điểm cộng (+) hoặc trừ (-)', en: 'Points to add (+) or take away (-)' },
  adjustPointsHelp: { vi: 'Ví dụ 0,5 hoặc -1,5; khác 0, tối đa {max} điểm.', en: 'E.g. 0.5 or -1.5; not 0, at most {max} points.' },
  adjustPointsMissing: { vi: 'Hãy nhập số điểm điều chỉnh.', en: 'Enter the points to adjust by.' },
  adjustPointsRange: {
    vi: 'Số điểm phải khác 0, tối đa {max} điểm mỗi chiều, nhiều nhất 2 chữ số thập phân.',
    en: 'The points must not be 0, at most {max} either way, with at most 2 decimals.',
  },
  adjustSubmit: { vi: 'Ghi điều chỉnh', en: 'Record the adjustment' },
  adjustReceipt: {
    vi: 'Đã điều chỉnh {points} điểm cho {unit}: nay {total} điểm, hạng {rank}. Đơn vị đã được báo qua thư.',
    en: '{unit} adjusted by {points} points: now {total} points, rank {rank}. The unit has been mailed.',
  },
  adjustNotYet: {
    vi: 'Chưa có bảng tổng hợp điểm: điều chỉnh được khi vòng chấm chéo đã đóng.',
    en: 'There is no consolidated table yet: adjustments open once the cross-scoring round closes.',
  },
  adjustClosed: {
    vi: 'Bảng tổng hợp điểm đã chốt khi bắt đầu bỏ phiếu; không điều chỉnh được nữa.',
    en: 'The consolidated table was fixed when the ballot opened; it can no longer be adjusted.',
  },
  decideHeading: { vi: 'Quyết định Cờ thi đua', en: 'The flag decision' },
  ballotFlagResult: {
    vi: 'Vòng {number}: {votes} (cần {needed} trên {members} phiếu).',
    en: 'Round {number}: {votes} (needed {needed} of {members}).',
  },
  decideIntro: {
    vi: 'Sau hai vòng bỏ phiếu chưa đơn vị nào được bầu Cờ thi đua. Trưởng cụm và Phó cụm quyết định: đề nghị được chốt khi cả hai chọn cùng một đơn vị (hoặc cùng không đề nghị); đến lúc đó mỗi người có thể đổi lựa chọn. Hạn: {deadline}.',
    en: 'Two ballot rounds left the flag undecided. The chair and the deputy decide: the nominee is settled when both choose the same unit (or both choose none); until then either may change their choice. Deadline: {deadline}.',
  },
  leaderChoice: { vi: '{role} ({unit}) chọn: {choice}', en: '{role} ({unit}) chose: {choice}' },
  roleChair: { vi: 'Trưởng cụm', en: 'The chair' },
  roleDeputy: { vi: 'Phó cụm', en: 'The deputy' },
  notChosenYet: { vi: 'chưa chọn', en: 'nothing yet' },
  decideLegend: { vi: 'Đơn vị được đề nghị Cờ thi đua', en: 'The flag nominee' },
  flagNoneChoice: { vi: 'Không đề nghị đơn vị nào', en: 'No flag this year' },
  decideSubmit: { vi: 'Ghi lựa chọn', en: 'Record my choice' },
  decideChoose: { vi: 'Hãy chọn một trong các đơn vị dưới đây.', en: 'Choose one of the units below.' },
  decideNotOpen: {
    vi: 'Trưởng cụm và Phó cụm chỉ quyết định Cờ thi đua khi hai vòng bỏ phiếu chưa bầu được.',
    en: 'The chair and the deputy decide the flag only when two ballot rounds left it undecided.',
  },
  decideAgreed: { vi: 'Trưởng cụm và Phó cụm đã chọn cùng một phương án.', en: 'The chair and the deputy made the same choice.' },
  decideRecorded: {
    vi: 'Lựa chọn của bạn đã được ghi nhận: {choice}. Đề nghị được chốt khi {other} chọn giống bạn.',
    en: 'Your choice was recorded: {choice}. The nominee is settled when {other} makes the same choice.',
  },
  flagDecided: { vi: 'Đơn vị được đề nghị Cờ thi đua: {unit}.', en: 'The flag nominee: {unit}.' },
  flagNotNominated: { vi: 'Năm nay cụm không đề nghị Cờ thi đua.', en: 'The cluster nominates no unit for the flag this year.' },
  certificatesHeading: { vi: 'Giấy khen của cụm', en: 'The cluster’s giấy khen' },
  certificatesIntro: {
    vi: 'Trưởng cụm ghi danh sách Giấy khen của cụm để trao tại hội nghị tổng kết ({at}); ghi một lần. Mỗi Giấy khen kèm {amount} đồng. Các dòng để trống được bỏ qua.',
    en: 'The chair records the cluster’s giấy khen, handed over at the year-end conference ({at}); once. Each comes with {amount} đồng. Rows left empty are ignored.',
  },
  certificatesChairOnly: {
    vi: 'Chỉ Trưởng cụm ({chair}) ghi Giấy khen của cụm.',
    en: 'Only the chair ({chair}) records the cluster’s giấy khen.',
  },
  certificatesFormErrors: {
    vi: 'Danh sách chưa được ghi. Hãy sửa lỗi dưới đây.',
    en: 'The list was not recorded. Correct the problems below.',
  },
  certificateN: { vi: 'Giấy khen {n}', en: 'Giấy khen {n}' },
  certRecipient: { vi: 'Tập thể, hộ gia đình hoặc cá nhân được khen', en: 'Who receives it (a collective, a household or a person)' },
  certKind: { vi: 'Loại', en: 'Kind' },
  certKind_collective: { vi: 'Tập thể', en: 'Collective' },
  certKind_household: { vi: 'Hộ gia đình', en: 'Household' },
  certKind_individual: { vi: 'Cá nhân', en: 'Individual' },
  certUnit: { vi: 'Thuộc đơn vị', en: 'Member unit' },
  certAchievement: { vi: 'Thành tích', en: 'Achievement' },
  certRule_recipient: { vi: 'Tên người hoặc tập thể được khen: 3 đến 200 ký tự.', en: 'The recipient: 3 to 200 characters.' },
  certRule_kind: { vi: 'Hãy chọn loại.', en: 'Choose the kind.' },
  certRule_unit: { vi: 'Hãy chọn một đơn vị thành viên của cụm.', en: 'Choose a member unit of the cluster.' },
  certRule_achievement: { vi: 'Thành tích: 10 đến 500 ký tự.', en: 'The achievement: 10 to 500 characters.' },
  certificatesNoneChoice: { vi: 'Năm nay cụm không tặng Giấy khen', en: 'No giấy khen this year' },
  certificatesMoreRows: { vi: 'Thêm dòng', en: 'More rows' },
  certificatesSubmit: { vi: 'Ghi danh sách Giấy khen', en: 'Record the giấy khen' },
  certificatesEmpty: {
    vi: 'Hãy điền ít nhất một Giấy khen, hoặc chọn “Năm nay cụm không tặng Giấy khen”.',
    en: 'Fill in at least one giấy khen, or choose “No giấy khen this year”.',
  },
  certificatesNoneAndRows: {
    vi: 'Đã chọn “không tặng Giấy khen” nhưng vẫn có dòng được điền: hãy bỏ một trong hai.',
    en: '“No giấy khen this year” is chosen but some rows are filled in: undo one of the two.',
  },
  certificatesReceipt: {
    vi: 'Đã ghi {count} Giấy khen: {numbers}. Giấy khen được trao và báo qua thư tại hội nghị tổng kết.',
    en: '{count} giấy khen recorded: {numbers}. They are handed over and mailed at the conference.',
  },
  certificatesReceiptNone: { vi: 'Đã ghi: năm nay cụm không tặng Giấy khen.', en: 'Recorded: no giấy khen this year.' },
  certificatesRecorded: {
    vi: 'Danh sách Giấy khen đã được ghi lúc {at}; trao tại hội nghị tổng kết ({conference}).',
    en: 'The giấy khen were recorded at {at}; they are handed over at the conference ({conference}).',
  },
  certificatesAlready: {
    vi: 'Danh sách Giấy khen của cụm đã được ghi: {numbers}.',
    en: 'The cluster’s giấy khen are already recorded: {numbers}.',
  },
  certificatesNoneShort: { vi: 'không tặng Giấy khen', en: 'none' },
  certificatesNone: { vi: 'Không có Giấy khen nào.', en: 'No giấy khen.' },
  certificateLine: { vi: '{number}: {recipient} ({kind}, {unit})', en: '{number}: {recipient} ({kind}, {unit})' },
  certificatesClosed: {
    vi: 'Hội nghị tổng kết đã diễn ra: không ghi thêm Giấy khen được nữa.',
    en: 'The year-end conference is over: no more giấy khen can be recorded.',
  },
  certificatesNotYet: {
    vi: 'Giấy khen của cụm được ghi sau khi cụm đã có danh sách đề nghị khen thưởng, trước hội nghị tổng kết.',
    en: 'The cluster’s giấy khen are recorded once the cluster’s nominations are in, before the conference.',
  },
  certificatesNoConference: {
    vi: 'Lịch của chu kỳ này không có hội nghị tổng kết.',
    en: 'This cycle’s calendar has no year-end conference.',
  },
  conferenceHeld: {
    vi: 'Hội nghị tổng kết đã diễn ra lúc {at}; Giấy khen đã được trao.',
    en: 'The conference was held at {at}; the giấy khen were handed over.',
  },
  explainTitle: { vi: 'Cách tính điểm của {unit}', en: 'How the score of {unit} was computed' },
  explainUnknownUnit: { vi: 'Không có đơn vị này trong cụm.', en: 'There is no such unit in the cluster.' },
  explainNotYet: {
    vi: 'Chưa có điểm chấm chéo nào: chưa có gì để giải thích.',
    en: 'There are no cross-scores yet: nothing to explain.',
  },
  explainSummary: { vi: 'Hạng {rank} trên {members} đơn vị, tổng {total} điểm.', en: 'Rank {rank} of {members}, total {total} points.' },
  explainPublishedMatches: {
    vi: 'Bảng đã công bố ({state}, lúc {at}): hạng {rank}, {total} điểm. Tính lại từ dữ liệu gốc: khớp.',
    en: 'Published ({state}, at {at}): rank {rank}, {total} points. Recomputed from the stored raw data: it matches.',
  },
  explainPublishedDiffers: {
    vi: 'Bảng đã công bố ({state}, lúc {at}): hạng {rank}, {total} điểm. Tính lại từ dữ liệu gốc: KHÁC (dữ liệu đã thay đổi sau khi công bố).',
    en: 'Published ({state}, at {at}): rank {rank}, {total} points. Recomputed from the stored raw data: IT DIFFERS (the data changed after publication).',
  },
  explainNotPublished: {
    vi: 'Chưa công bố: bảng được tổng hợp khi vòng chấm chéo đóng.',
    en: 'Not published yet: the table is made when the cross-scoring round closes.',
  },
  explainStep1: { vi: '1. Điểm chấm chéo', en: '1. Cross-scores' },
  explainStep2: { vi: '2. Điểm thưởng và điểm trừ', en: '2. Bonus and penalties' },
  explainStep3: { vi: '3. Điều chỉnh', en: '3. Adjustments' },
  explainStep4: { vi: '4. Điều kiện và thứ hạng', en: '4. Eligibility and rank' },
  explainScorersCaption: { vi: 'Điểm của {count} đơn vị chấm', en: 'The sheets of {count} scorers' },
  explainCriterion: { vi: 'Tiêu chí', en: 'Criterion' },
  explainMean: { vi: 'Trung bình', en: 'Mean' },
  explainExcluded: { vi: 'Không tính: {units}.', en: 'Left out: {units}.' },
  explainBase: {
    vi: 'Điểm chấm chéo = trung bình tổng điểm của các đơn vị chấm, làm tròn 0,01: {base}.',
    en: 'Cross-score = the mean of the scorers’ totals, rounded to 0.01: {base}.',
  },
  explainGroups: { vi: 'Điểm từng nhóm (thứ tự xét khi bằng điểm): {groups}.', en: 'Group scores (the tie-break order): {groups}.' },
  explainBonus: {
    vi: 'Điểm thưởng (từ báo cáo tự chấm): {items}; tổng {sum}, tối đa {cap}, được tính +{applied}.',
    en: 'Bonus (from the self-score): {items}; sum {sum}, cap {cap}, counted +{applied}.',
  },
  explainPenalties: {
    vi: 'Điểm trừ: {items}; tổng {sum}, tối đa {cap}, bị trừ -{applied}.',
    en: 'Penalties: {items}; sum {sum}, cap {cap}, counted -{applied}.',
  },
  explainNone: { vi: 'không có', en: 'none' },
  explainAdjustment: { vi: '{points} điểm, do {by} lúc {at}', en: '{points} points, by {by} at {at}' },
  explainTotal: { vi: 'Tổng = {formula} = {total}', en: 'Total = {formula} = {total}' },
  explainEligible: {
    vi: 'Không có vi phạm: được xếp thứ nhất và nhận Cờ thi đua.',
    en: 'No violation: may rank first and receive the flag.',
  },
  explainVetoed: {
    vi: 'Có vi phạm, không được xếp thứ nhất hay nhận Cờ thi đua: {vetoes}.',
    en: 'A violation bars first place and the flag: {vetoes}.',
  },
  explainRank: { vi: 'Hạng {rank}:', en: 'Rank {rank}:' },
  explainNoTie: { vi: 'không đơn vị nào khác cùng tổng điểm.', en: 'no other unit has the same total.' },
  explainTiedForFirst: { vi: '(bằng điểm ở vị trí thứ nhất: việc bình xét quyết định)', en: '(tied for first: the ballot decides)' },
  chairTask_adjust: { vi: 'Xem và điều chỉnh bảng tổng hợp điểm', en: 'Review and adjust the consolidated table' },
  chairTask_decide: { vi: 'Quyết định Cờ thi đua', en: 'Decide the flag nominee' },
  chairTask_certificates: { vi: 'Ghi Giấy khen của cụm', en: 'Record the cluster’s giấy khen' },
  // My tasks and self-score problems
  kind_ballotRound: { vi: 'Bỏ phiếu bình xét – vòng {number}', en: 'Vote in the ballot – round {number}' },
  councilName: { vi: 'Hội đồng Thi đua – Khen thưởng tỉnh {province} năm {year}', en: 'the {province} council, {year}' },
  task_councilSession: { vi: 'Xem các đề nghị khen thưởng trước phiên họp', en: 'Read the nominations before the session' },
  task_councilVote: { vi: 'Biểu quyết các đề nghị khen thưởng', en: 'Vote on the nominations' },
  task_councilDecide: { vi: 'Quyết định đề xuất của Hội đồng', en: 'Decide on the council’s proposal' },
  task_council: { vi: 'Mở trang Hội đồng', en: 'Open the council’s page' },
  task_councilAppraise: { vi: 'Thẩm định hồ sơ đề nghị khen thưởng', en: 'Appraise the nominations' },
  task_councilAttendance: { vi: 'Điểm danh phiên họp Hội đồng', en: 'Take the session’s attendance' },
  sessionAt: { vi: 'Phiên họp', en: 'Session' },
  crossScoreVersion: {
    vi: '{unit} nộp phiếu chấm điểm chéo ({cycle}), phiên bản {version}, nhận lúc {at}',
    en: '{unit} submitted its cross-scores ({cycle}), version {version}, received at {at}',
  },
  ballotCast: {
    vi: '{unit} bỏ phiếu bình xét vòng {number} ({cycle}) lúc {at}',
    en: '{unit} voted in ballot round {number} ({cycle}) at {at}',
  },
  councilVoted: {
    vi: 'Biểu quyết tại {council}, phiên {session} ({how}), lúc {at}',
    en: 'Voted in {council}, session {session} ({how}), at {at}',
  },
  decisionIssued: { vi: 'Ban hành quyết định số {number} ({council}) lúc {at}', en: 'Issued decision no. {number} ({council}) at {at}' },
  problem_missingCriterion: { vi: 'Chưa chấm tiêu chí {item} ({title}).', en: 'Criterion {item} ({title}) is not scored.' },
  problem_unknownCode: { vi: 'Mã {item} không có trong bảng tiêu chí {version}.', en: 'Code {item} is not in rubric {version}.' },
  problem_overMax: {
    vi: '{item} được chấm {value} điểm, vượt quá mức tối đa {max} điểm.',
    en: '{item} is given {value} points, above its maximum of {max}.',
  },
  problem_bonusOverCap: {
    vi: 'Tổng điểm thưởng là {sum}, vượt quá mức tối đa {cap} điểm.',
    en: 'The bonus items add up to {sum}, above the bonus cap of {cap}.',
  },
  problem_penaltiesOverCap: {
    vi: 'Tổng điểm trừ là {sum}, vượt quá mức tối đa {cap} điểm.',
    en: 'The penalties add up to {sum}, above the penalty cap of {cap}.',
  },
  problem_unknownEvidence: {
    vi: 'Minh chứng ghi cho mã {item}, mã này không có trong bảng tiêu chí {version}.',
    en: 'Evidence is given for code {item}, which is not in rubric {version}.',
  },
  problem_totalDiffers: {
    vi: 'Tổng điểm đã ghi ({given}) khác tổng điểm tính được ({computed}), chênh {difference} điểm.',
    en: 'The total given ({given}) differs from the computed total ({computed}) by {difference}.',
  },
  problem_tooLarge: {
    vi: 'Báo cáo có dung lượng {bytes} byte, vượt quá giới hạn {limit} byte.',
    en: 'The report is {bytes} bytes, over the limit of {limit} bytes.',
  },
  problem_selfScoreRequired: {
    vi: 'Báo cáo tổng kết năm phải kèm bảng tự chấm điểm.',
    en: 'The year-end report must carry a self-score.',
  },
  problem_noRubric: {
    vi: 'Cụm chưa có bảng tiêu chí chấm điểm năm nay, nên chưa kiểm tra được báo cáo tổng kết năm; hãy liên hệ Thường trực Hội đồng.',
    en: 'The cluster has no scoring rubric this year, so the year-end report cannot be checked; contact the secretariat.',
  },
  problem_selfScoreNotThisPeriod: {
    vi: 'Chỉ báo cáo tổng kết năm mới kèm bảng tự chấm điểm.',
    en: 'Only the year-end report carries a self-score.',
  },
  problem_narrativeBlank: { vi: 'Nội dung báo cáo không được để trống.', en: 'The report may not be empty.' },
  problem_narrativeTooLong: { vi: 'Nội dung báo cáo dài tối đa {max} ký tự.', en: 'The report is at most {max} characters long.' },
  problem_unstorableText: {
    vi: 'Có một ký tự không lưu được ({char}) ở vị trí {position}; hãy xoá ký tự đó.',
    en: 'There is a character that cannot be stored ({char}) at position {position}; remove it.',
  },
  problem_pointsNegative: { vi: 'Điểm không được âm.', en: 'Points cannot be negative.' },
  problem_pointsDecimals: {
    vi: 'Điểm có tối đa 2 chữ số thập phân, ví dụ 9,25.',
    en: 'Points have at most 2 decimal places, e.g. 9.25.',
  },
  problem_selfScoring: {
    vi: '{unit} không tự chấm điểm đơn vị mình: chỉ chấm các đơn vị thành viên khác.',
    en: '{unit} may not score itself: only the other members are scored.',
  },
  problem_notMember: { vi: '{unit} không phải đơn vị thành viên của cụm năm nay.', en: '{unit} is not a member of the cluster this year.' },
  problem_missingSheets: {
    vi: 'Chưa chấm {units}: phải chấm tất cả các đơn vị thành viên khác.',
    en: 'No scores for {units}: every other member must be scored.',
  },
  problem_other: { vi: 'Dữ liệu không hợp lệ: {message}', en: 'Not valid: {message}' },
  // The chair's amendment and the secretariat's view
  submissionHeading: { vi: 'Tờ trình gửi Hội đồng tỉnh', en: 'The submission to the provincial council' },
  submissionLine: { vi: 'Phiên bản {version}, gửi lúc {at}.', en: 'Version {version}, sent at {at}.' },
  submissionDocLink: { vi: 'Xem tờ trình phiên bản {version}', en: 'Read the submission, version {version}' },
  amendHeading: { vi: 'Sửa và gửi lại tờ trình', en: 'Amend and resubmit the submission' },
  amendReturnedIntro: {
    vi: 'Văn phòng Hội đồng tỉnh đã trả lại các đề nghị sau để bổ sung, hoàn thiện:',
    en: 'The council’s secretariat returned these nominations for revision:',
  },
  amendReturnedLine: { vi: '{award} – {unit}.', en: '{award} – {unit}.' },
  amendReason: { vi: 'Lý do: {reason}', en: 'Reason: {reason}' },
  amendIntro: {
    vi: 'Hãy giải trình những gì đã sửa (nội dung này được in trong tờ trình mới) và, nếu cần, rút đề nghị của đơn vị. Tờ trình phiên bản {next} sẽ được gửi lại Hội đồng tỉnh để thẩm định lại.',
    en: 'Explain what was amended (it is printed in the new submission) and, if need be, withdraw a unit’s nominations. Version {next} of the submission then goes back to the council to be appraised again.',
  },
  amendDeadline: {
    vi: 'Hạn gửi lại: {at} (khi phiên họp của Hội đồng kết thúc).',
    en: 'Resubmit by {at} (when the council’s session ends).',
  },
  amendNote: { vi: 'Giải trình nội dung sửa đổi', en: 'What was amended' },
  amendNoteHelp: { vi: 'Ít nhất 10 ký tự; được in trong tờ trình mới.', en: 'At least 10 characters; printed in the new submission.' },
  amendNoteTooShort: {
    vi: 'Hãy giải trình nội dung sửa đổi, ít nhất 10 ký tự.',
    en: 'Explain the amendment in at least 10 characters.',
  },
  amendWithdrawLegend: { vi: 'Rút đề nghị của đơn vị (không bắt buộc)', en: 'Withdraw a unit’s nominations (optional)' },
  amendWithdrawUnit: { vi: '{unit}: {awards}', en: '{unit}: {awards}' },
  amendReturnedMark: { vi: '(bị trả lại)', en: '(returned)' },
  amendWithdrawUnknown: {
    vi: 'Chỉ rút được đề nghị của các đơn vị có trong tờ trình hiện tại.',
    en: 'Only the nominations of units in the current submission can be withdrawn.',
  },
  amendFormErrors: {
    vi: 'Chưa gửi lại được tờ trình. Hãy sửa các mục dưới đây.',
    en: 'The submission was not sent. Correct the fields below.',
  },
  amendSubmit: { vi: 'Gửi lại tờ trình', en: 'Resubmit' },
  amendChairOnly: {
    vi: 'Chỉ Trưởng cụm ({chair}) sửa và gửi lại tờ trình.',
    en: 'Only the chair ({chair}) amends and resubmits the submission.',
  },
  amendNotOpenTitle: { vi: 'Không có hồ sơ bị trả lại', en: 'Nothing to amend' },
  amendNotOpen: {
    vi: 'Tờ trình chỉ được sửa và gửi lại khi Hội đồng tỉnh trả lại hồ sơ đề nghị; hiện không có đề nghị nào của cụm đang bị trả lại.',
    en: 'A submission is amended only when the provincial council returns it; none of the cluster’s nominations is returned now.',
  },
  amendAlreadySent: {
    vi: 'Tờ trình đã được sửa và gửi lại Hội đồng tỉnh (phiên bản {version}). Chỉ sửa tiếp được nếu Hội đồng lại trả hồ sơ.',
    en: 'The amended submission (version {version}) has been sent to the council. It can be amended again only if the council returns it again.',
  },
  amendReceipt: {
    vi: 'Đã gửi lại tờ trình phiên bản {version} tới Hội đồng tỉnh.',
    en: 'The submission went back to the provincial council as version {version}.',
  },
  amendReceiptWithdrawn: { vi: 'Đã rút đề nghị của: {units}.', en: 'Withdrawn: {units}.' },
  chairTask_amend: { vi: 'Sửa và gửi lại tờ trình bị trả lại', en: 'Amend and resubmit the returned submission' },
  chairIntroSecretariat: {
    vi: 'Bạn xem trang này với tư cách Văn phòng Hội đồng Thi đua – Khen thưởng tỉnh {province}: chỉ để xem.',
    en: 'You read this page as the secretariat of the {province} council: read only.',
  },
  secretariatLeadersDecide: {
    vi: 'Việc điều chỉnh điểm và quyết định Cờ thi đua thuộc về Trưởng cụm và Phó cụm.',
    en: 'Adjustments and the flag decision belong to the chair and the deputy.',
  },
  secretariatNoTable: { vi: 'Chưa có bảng tổng hợp điểm.', en: 'There is no consolidated table yet.' },
  secretariatNoForms: {
    vi: 'Văn phòng Hội đồng chỉ xem bảng tổng hợp điểm của {cluster} năm {year}; việc điều chỉnh điểm và quyết định Cờ thi đua thuộc về Trưởng cụm và Phó cụm.',
    en: 'The secretariat reads the consolidated table of {cluster} in {year}; adjustments and the flag decision belong to the chair and the deputy.',
  },
  // The console (secretariat, council secretary, administrator): frame and access
  consoleNav: { vi: 'Bảng điều hành', en: 'Console' },
  consoleNavYear: { vi: 'Năm thi đua của tỉnh', en: "The province's year" },
  consoleNavStart: { vi: 'Bắt đầu năm thi đua', en: 'Start a year' },
  consoleNavPending: { vi: 'Việc đang chờ', en: 'Pending' },
  consoleNavAudit: { vi: 'Nhật ký điều chỉnh', en: 'Audit' },
  consoleNavExports: { vi: 'Xuất dữ liệu', en: 'Exports' },
  consoleNavDocuments: { vi: 'Văn bản', en: 'Documents' },
  consoleRole_secretariat: { vi: 'Văn phòng Hội đồng Thi đua – Khen thưởng', en: 'secretariat' },
  consoleRole_council_secretary: { vi: 'Thư ký Hội đồng', en: "council's secretary" },
  consoleRole_administrator: { vi: 'Quản trị hệ thống', en: 'administrator' },
  consoleStanding: { vi: 'Bạn làm việc với tư cách {roles}, tỉnh {province}.', en: 'You work as {roles}, {province}.' },
  consoleReadOnlyShort: { vi: 'Chỉ xem.', en: 'Read only.' },
  consoleLink: { vi: 'Bảng điều hành của Văn phòng', en: "The secretariat's console" },
  consoleBack: { vi: 'Về bảng điều hành', en: 'Back to the console' },
  consoleForbiddenTitle: { vi: 'Không có quyền truy cập', en: 'No access' },
  consoleForbidden: {
    vi: 'Bảng điều hành chỉ dành cho Văn phòng Hội đồng, Thư ký Hội đồng và quản trị viên của tỉnh. Tài khoản của bạn không có vai trò nào trong số đó.',
    en: "The console is for the province's secretariat, the council's secretary and administrators. Your account has none of these roles.",
  },
  consoleActRefusedTitle: { vi: 'Không được thực hiện thao tác này', en: 'This action is not yours to take' },
  consoleReadOnly: {
    vi: 'Quản trị viên được xem mọi hồ sơ của tỉnh nhưng không được thao tác. Không có gì được ghi nhận.',
    en: 'An administrator reads everything of the province and acts on nothing. Nothing was recorded.',
  },
  consoleCouncilOnly: {
    vi: 'Thư ký Hội đồng chỉ thao tác trên phiên họp của Hội đồng, không trên năm thi đua của các cụm. Không có gì được ghi nhận.',
    en: "The council's secretary acts on the council's session only, not on the clusters' years. Nothing was recorded.",
  },
  consoleNotFoundTitle: { vi: 'Không tìm thấy', en: 'Not found' },
  consoleNotFound: { vi: 'Không có hồ sơ này trong tỉnh của bạn.', en: 'There is no such record in your province.' },
} as const satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof MESSAGES;
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(lang: Lang): Translate {
  return (key, params = {}) =>
    MESSAGES[key][lang].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function isLang(value: string | undefined): value is Lang {
  return value === 'vi' || value === 'en';
}

const PERIOD_EN: Record<string, string> = { Q1: 'first-quarter', H1: 'six-month', Q3: 'third-quarter', YEAR: 'year-end' };

/** A report period as the sentences of each language need it: "báo cáo sơ kết 6 tháng", "six-month". */
export function periodName(period: string, lang: Lang, vietnamese: Record<string, string>): string {
  return lang === 'vi' ? (vietnamese[period] ?? period).toLocaleLowerCase('vi') : (PERIOD_EN[period] ?? period);
}

/** A time as people read it in Vietnam (UTC+7): "21:25:01 ngày 02/12/2026" as the mails say it, "02/12/2026, 21:25 (Vietnam time)" in English. */
export function formatTime(ms: number | Date, lang: Lang): string {
  const at = typeof ms === 'number' ? ms : ms.getTime();
  if (lang === 'vi') return formatVietnamTime(at);
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
  return `${text} (Vietnam time)`;
}
