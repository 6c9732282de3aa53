ALTER DATABASE postgres
SET
  timezone TO 'Asia/Tokyo';
